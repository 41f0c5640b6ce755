-- Deoptimization deep inside a call chain: every level is hot and has
-- live locals; only the innermost function sees a new type, and the
-- frames above it must resume with their own state intact.

local function leaf(x, k)
  return x * k + 1
end
local function l4(x, k) local a = k + 1; local r = leaf(x, k); return r + a end
local function l3(x, k) local a = k * 2; local r = l4(x, k); return r - a end
local function l2(x, k) local s = "s" .. k; local r = l3(x, k); return r, s end
local function l1(x, k)
  local before = k
  local r, s = l2(x, k)
  return r + before, s
end

local Num = {}
Num.__mul = function(a, b) return (type(a) == "table" and a.v or a) * (type(b) == "table" and b.v or b) end

local function input(i)
  local phase = math.floor(i / 300)
  if phase == 0 then return i
  elseif phase == 1 then return i + 0.5
  elseif phase == 2 then return tostring(i)
  elseif phase == 3 then return setmetatable({ v = i }, Num)
  else return nil end
end

local total, last = 0, nil
for i = 0, 1199 do
  local r, s = l1(input(i), i % 10)
  total = total + r
  last = s
  if i % 149 == 0 then print(i, r, s) end
end
print("total", string.format("%.17g", total), last)

-- the innermost function fails: every level is unwound by pcall
for _, i in ipairs({ 1200, 1201 }) do
  local ok, err = pcall(l1, input(i), 3)
  print("nil", ok, err)
end
-- then the chain is used again with numbers
local again = 0
for i = 1, 1000 do again = again + (l1(i, 2)) end
print("again", again)

-- recursion whose base case changes type at depth
local function chain(n, x)
  if n == 0 then return x + 1 end
  local r = chain(n - 1, x)
  return r + n
end
local acc = 0
for i = 1, 150 do
  acc = acc + chain(20, i)
  acc = acc + chain(20, "2")
  acc = acc + chain(20, i / 4)
end
print("chain", string.format("%.17g", acc))
print(pcall(chain, 20, {}))
print(pcall(chain, 5, "x"))

-- method calls that change the class of the receiver halfway through
local A = {}; A.__index = A
function A:val(k) return self.n + k end
local B = setmetatable({}, { __index = A }); B.__index = B
function B:val(k) return self.n * k end
local objs = {}
for i = 1, 1000 do
  objs[i] = setmetatable({ n = i }, i <= 600 and A or B)
end
local function use(o, k) return o:val(k) end
local function outer(o, k) local x = use(o, k); return x + use(o, 1) end
local m = 0
for i = 1, 1000 do m = m + outer(objs[i], i % 4) end
print("methods", m)
