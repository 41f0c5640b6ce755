-- A hot arithmetic function whose operand types change over time:
-- numbers, then numeric strings (coercion), then tables with metamethods,
-- then nil (error caught by pcall). A JIT that speculates on the first
-- types seen must deoptimize at each change and keep the exact results.

local function add(a, b) return a + b end
local function sub(a, b) return a - b end
local function mul(a, b) return a * b end
local function lt(a, b) return a < b end
local function le(a, b) return a <= b end
local function get(t, k) return t[k] end
local function callit(f, x) return f(x) end

-- phase 1: numbers (warm up)
local acc = 0
for i = 1, 3000 do
  acc = add(acc, i) - sub(i, 1) + mul(i % 7, 0.5)
  if lt(acc, 0) then acc = -acc end
end
print("numbers", acc, string.format("%.17g", acc))

-- phase 2: numeric strings (coerced by arithmetic)
local s = 0
local strs = { "10", "0x10", " 3 ", "1e2", "-4.5", "  0x7f  ", "010" }
for i = 1, 2000 do
  local v = strs[i % #strs + 1]
  s = add(s, v)
  s = sub(s, "1")
end
print("strings", s, type(add("1", "2")), add("1", "2"), mul("3", "4"), sub("0x10", 1))

-- phase 3: tables with metamethods
local V = {}
V.__index = V
V.__add = function(a, b)
  local x = type(a) == "table" and a.x or a
  local y = type(b) == "table" and b.x or b
  return setmetatable({ x = x + y }, V)
end
V.__sub = function(a, b)
  local x = type(a) == "table" and a.x or a
  local y = type(b) == "table" and b.x or b
  return setmetatable({ x = x - y }, V)
end
V.__mul = function(a, b) return "mul" end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__call = function(self, arg) return self.x * 2 + arg end
local function vec(x) return setmetatable({ x = x }, V) end

local sum = vec(0)
local lts, les = 0, 0
for i = 1, 2000 do
  sum = add(sum, i)
  sum = sub(sum, vec(1))
  if lt(vec(i), sum) then lts = lts + 1 end
  if le(sum, vec(i * 1000)) then les = les + 1 end
end
print("tables", sum.x, lts, les, mul(sum, 3), mul(3, sum))

-- __index as a function and as a table, through the same hot `get`
local byfunc = setmetatable({}, { __index = function(t, k) return k * 2 end })
local bytable = setmetatable({}, { __index = { a = "A", [1] = "one" } })
local g = 0
for i = 1, 2000 do g = g + get(byfunc, i) end
print("index fn", g, get(bytable, "a"), get(bytable, 1), get(bytable, 2))
for i = 1, 500 do g = g + get({ i }, 1) end
print("index raw", g)

-- __call through the same hot call site as plain functions
local c = 0
for i = 1, 2000 do c = c + callit(function(x) return x + 1 end, i) end
print("call fn", c)
for i = 1, 2000 do c = c + callit(vec(i), 1) end
print("call table", c)

-- phase 4: nil and other bad operands inside pcall
local bad = { nil, true, {}, "abc", function() end }
for i = 1, 5 do
  local ok, err = pcall(add, 1, bad[i])
  print("bad add", i, ok, err)
end
print(pcall(lt, 1, "2"))
print(pcall(lt, {}, {}))
print(pcall(le, nil, 1))
print(pcall(get, nil, 1))
print(pcall(callit, nil, 1))
print(pcall(callit, 42, 1))
-- and back to numbers: results must still be right after all the deopts
local back = 0
for i = 1, 3000 do back = add(back, i) end
print("back", back, lt(1, 2), le(2, 2), lt("a", "b"), le("b", "a"))
