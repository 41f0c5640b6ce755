-- Upvalues shared between closures and modified in hot loops: open
-- upvalues aliasing live locals, closed upvalues shared by several
-- closures, upvalues whose types change, and closures made in loops.

-- a counter shared by several closures
local function counter()
  local n = 0
  local function inc(d) n = n + d; return n end
  local function get() return n end
  local function set(v) n = v end
  return inc, get, set
end
local inc, get, set = counter()
for i = 1, 2000 do inc(1) end
print("shared", get())
set("100")                      -- type change through another closure
for i = 1, 1000 do inc(1) end   -- string coerced on the first add
print("after set", get(), type(get()))
set(0.5)
for i = 1, 1000 do inc(0.25) end
print("float", get())

-- open upvalue: the closure and the enclosing function see the same variable
local function open_alias()
  local x = 0
  local bump = function() x = x + 1 end
  for i = 1, 1000 do
    bump()
    x = x + 1        -- local write visible to the closure
  end
  local before = x
  for i = 1, 1000 do bump() end
  return before, x
end
print("open", open_alias())

-- each loop iteration gets a fresh local; closures made in a loop
local getters, setters = {}, {}
for i = 1, 400 do
  local v = i
  getters[i] = function() return v end
  setters[i] = function(nv) v = nv end
end
for i = 1, 400, 2 do setters[i](-i) end
local gs = 0
for i = 1, 400 do gs = gs + getters[i]() end
print("per iteration", gs, getters[1](), getters[2]())

-- a while loop with a local declared inside: one fresh variable per iteration
local fs = {}
local k = 0
while k < 200 do
  k = k + 1
  local captured = k * 2
  fs[k] = function() captured = captured + 1; return captured end
end
local ws = 0
for i = 1, 200 do ws = ws + fs[i]() + fs[i]() end
print("while fresh", ws)

-- nested closures three levels deep, upvalue of an upvalue
local function outer()
  local a = 1
  return function()
    local b = 10
    return function(d)
      a = a + d
      b = b + d
      return a + b
    end
  end
end
local mk = outer()
local f1, f2 = mk(), mk()        -- share `a`, each has its own `b`
local r = 0
for i = 1, 1000 do r = r + f1(1) + f2(2) end
print("nested", r, f1(0), f2(0))

-- an upvalue that changes type in the middle of a hot loop
local acc = 0
local function add(v) acc = acc + v end
for i = 1, 3000 do
  if i == 1000 then acc = tostring(acc) end
  if i == 2000 then acc = acc * 0.5 end
  add(i)
end
print("upvalue type", acc)

-- an upvalue set to nil and then used: error with the upvalue's name
local uv = 1
local function use() return uv + 1 end
local ucount = 0
for i = 1, 1000 do ucount = ucount + use() end
uv = nil
print(ucount, pcall(use))
uv = {}
print(pcall(use))

-- closures capturing loop variables of a numeric for and of ipairs
local fns = {}
for i, v in ipairs({ "a", "b", "c", "d" }) do
  fns[#fns + 1] = function() return i .. v end
end
for j = 10, 1, -3 do
  fns[#fns + 1] = function() return j end
end
local parts = {}
for i = 1, #fns do parts[i] = fns[i]() end
print("loop captures", table.concat(parts, " "))

-- a recursive local function referencing itself as an upvalue, then rebound
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
local ft = 0
for i = 1, 500 do ft = ft + fact(i % 15) end
print("fact", ft, fact(20))
local self_ref
self_ref = function(n) if n == 0 then return "done" end return self_ref(n - 1) end
local saved = self_ref
print(saved(100))
self_ref = function(n) return "rebound " .. n end
print(saved(100))
