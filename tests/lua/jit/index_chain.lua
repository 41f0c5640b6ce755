-- Field and method lookups through chains of __index tables (classes with parents) in hot
-- code: every depth, shadowing, a function __index, changes to the chain mid-loop.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

local A = class()
function A:who() return "A" end
function A:base() return "base" end
A.kind = "a-kind"
local B = class(A)
function B:who() return "B" end
local C = class(B)
local D = class(C)
local E = class(D)
local F = class(E)

local objs = {}
for i, cls in ipairs({ A, B, C, D, E, F }) do
  objs[i] = setmetatable({ n = i }, cls)
end

local out = {}
for r = 1, 300 do
  for i = 1, #objs do
    local o = objs[i]
    local s = o:who() .. o:base() .. o.kind .. tostring(o.missing) .. o.n
    if r == 300 then out[#out + 1] = s end
  end
end
print(table.concat(out, " "))

-- shadowing at the instance and in the middle of the chain, then removal again
local o = objs[6]
local seen = {}
for r = 1, 400 do
  if r == 100 then D.kind = "d-kind" end
  if r == 200 then rawset(o, "kind", "own") end
  if r == 300 then o.kind = nil; D.kind = nil end
  if r % 100 == 50 then seen[#seen + 1] = o.kind end
end
print(table.concat(seen, " "))

-- a function __index somewhere in the chain
local calls = 0
local G = {}
setmetatable(G, { __index = function(t, k) calls = calls + 1; return "fn:" .. k end })
local H = class(G)
local h = setmetatable({}, H)
local last
for r = 1, 300 do last = h.anything end
print(last, calls)

-- __index that is not a table or function: an error naming the field
local bad = setmetatable({}, { __index = setmetatable({}, { __index = 42 }) })
for r = 1, 300 do
  local ok, err = pcall(function() return bad.field end)
  if r == 300 then print(ok, err) end
end

-- a metatable without __index part-way: nil
local I = setmetatable({}, { __newindex = function() end })
local i = setmetatable({}, { __index = I })
local n = 0
for r = 1, 300 do if i.x == nil then n = n + 1 end end
print(n)

-- the chain changes while a hot loop runs: parent replaced, then cut
local P1 = { v = "p1" }
local P2 = { v = "p2" }
local K = setmetatable({}, { __index = P1 })
local k = setmetatable({}, { __index = K })
local got = {}
for r = 1, 300 do
  if r == 100 then getmetatable(K).__index = P2 end
  if r == 200 then setmetatable(K, nil) end
  if r % 100 == 99 then got[#got + 1] = tostring(k.v) end
end
print(table.concat(got, " "))
