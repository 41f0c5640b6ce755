-- Propagate: an object-oriented dataflow constraint network, in the spirit of (but much
-- simpler than) DeltaBlue. Variables are connected by one-way constraints (equality, scale
-- and offset, sum); a planner orders the constraints downstream of a changed variable
-- (topologically) into a plan that is executed many times. Classes with inheritance through
-- metatables, method calls, dynamic adding and removing of constraints.
-- Usage: propagate.lua [rounds]
local rounds = tonumber(arg and arg[1]) or 120

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

---------------------------------------------------------------- variables
local Variable = class()

function Variable.new(name, value)
  return setmetatable({ name = name, value = value, uses = {}, nuses = 0, writer = nil,
                        mark = 0 }, Variable)
end

function Variable:add_use(c)
  self.nuses = self.nuses + 1
  self.uses[self.nuses] = c
end

function Variable:remove_use(c)
  local uses, n = self.uses, self.nuses
  for i = 1, n do
    if uses[i] == c then
      uses[i] = uses[n]
      uses[n] = nil
      self.nuses = n - 1
      return
    end
  end
end

---------------------------------------------------------------- constraints
local Constraint = class()

function Constraint:init(output, ...)
  self.output = output
  self.inputs = { ... }
  self.mark = 0
  return self
end

function Constraint:attach()
  local inputs = self.inputs
  for i = 1, #inputs do inputs[i]:add_use(self) end
  if self.output.writer ~= nil then error("variable " .. self.output.name .. " has two writers") end
  self.output.writer = self
  return self
end

function Constraint:detach()
  local inputs = self.inputs
  for i = 1, #inputs do inputs[i]:remove_use(self) end
  self.output.writer = nil
end

function Constraint:is_input(v)
  local inputs = self.inputs
  for i = 1, #inputs do
    if inputs[i] == v then return true end
  end
  return false
end

function Constraint:execute()
  self.output.value = self:compute()
end

local Equal = class(Constraint)
function Equal.new(out, src)
  return setmetatable({}, Equal):init(out, src):attach()
end
function Equal:compute()
  return self.inputs[1].value
end

-- out = src * scale + offset, where scale and offset are variables themselves
local ScaleOffset = class(Constraint)
function ScaleOffset.new(out, src, scale, offset)
  return setmetatable({}, ScaleOffset):init(out, src, scale, offset):attach()
end
function ScaleOffset:compute()
  local inp = self.inputs
  return (inp[1].value * inp[2].value + inp[3].value) % 1000003
end

local Sum = class(Constraint)
function Sum.new(out, a, b)
  return setmetatable({}, Sum):init(out, a, b):attach()
end
function Sum:compute()
  local inp = self.inputs
  return (inp[1].value + inp[2].value) % 1000003
end

---------------------------------------------------------------- planner
local Plan = class()
function Plan:execute()
  local steps = self.steps
  for i = 1, self.n do steps[i]:execute() end
end

local Planner = class()

function Planner.new()
  return setmetatable({ epoch = 0 }, Planner)
end

-- The constraints that (transitively) read `source`, each after the constraints it depends
-- on: reverse post-order of a depth-first walk.
function Planner:plan_from(source)
  self.epoch = self.epoch + 1
  local epoch = self.epoch
  local order, n = {}, 0
  local function visit_var(v)
    local uses = v.uses
    for i = 1, v.nuses do
      local c = uses[i]
      if c.mark ~= epoch then
        c.mark = epoch
        visit_var(c.output)
        n = n + 1
        order[n] = c
      end
    end
  end
  visit_var(source)
  local plan = {}
  for i = 1, n do plan[i] = order[n - i + 1] end
  return setmetatable({ steps = plan, n = n }, Plan)
end

---------------------------------------------------------------- tests
local planner = Planner.new()
local checksum = 0
local function note(x)
  checksum = (checksum * 7 + x) % 1000003
end

-- A chain v1 -> v2 -> ... -> vn of equality constraints.
local function chain_test(n)
  local vars = {}
  for i = 1, n do vars[i] = Variable.new("v" .. i, 0) end
  for i = 2, n do Equal.new(vars[i], vars[i - 1]) end
  local plan = planner:plan_from(vars[1])
  for value = 1, 20 do
    vars[1].value = value
    plan:execute()
    if vars[n].value ~= value then error("chain test failed") end
    note(vars[n].value)
  end
end

-- n destinations computed from n sources with a shared scale and offset; changing the scale
-- or the offset re-plans and updates every destination.
local function projection_test(n)
  local scale = Variable.new("scale", 10)
  local offset = Variable.new("offset", 1000)
  local srcs, dsts = {}, {}
  for i = 1, n do
    srcs[i] = Variable.new("src" .. i, i)
    dsts[i] = Variable.new("dst" .. i, 0)
    ScaleOffset.new(dsts[i], srcs[i], scale, offset)
  end
  for i = 1, n do planner:plan_from(srcs[i]):execute() end
  for i = 1, n do
    if dsts[i].value ~= i * 10 + 1000 then error("projection test 1 failed") end
  end
  local by_scale = planner:plan_from(scale)
  local by_offset = planner:plan_from(offset)
  for k = 1, 10 do
    scale.value = k
    by_scale:execute()
    offset.value = k * 3
    by_offset:execute()
    for i = 1, n, 17 do note(dsts[i].value) end
  end
  if dsts[n].value ~= n * 10 + 30 then error("projection test 2 failed") end
end

-- A ladder of sums: each rung's output feeds the next; then half of the constraints are
-- removed and replaced by equalities, and the network is re-planned.
local function ladder_test(n)
  local a, b = {}, {}
  for i = 1, n do
    a[i] = Variable.new("a" .. i, 1)
    b[i] = Variable.new("b" .. i, 1)
  end
  local cons = {}
  for i = 2, n do
    cons[i] = Sum.new(a[i], a[i - 1], b[i - 1])
    Equal.new(b[i], a[i - 1])
  end
  local plan = planner:plan_from(a[1])
  for v = 1, 5 do
    a[1].value = v
    plan:execute()
    note(a[n].value)
  end
  for i = 2, n, 2 do
    cons[i]:detach()
    cons[i] = Equal.new(a[i], a[i - 1])
  end
  plan = planner:plan_from(a[1])
  for v = 1, 5 do
    a[1].value = v
    plan:execute()
    note(a[n].value)
  end
end

for _ = 1, rounds do
  chain_test(500)
  projection_test(500)
  ladder_test(200)
end
print("propagate", rounds, checksum)
