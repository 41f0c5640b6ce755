-- Small pure functions called in hot loops (a compiling tier may inline them behind a guard):
-- results, the callee replaced, arguments that are not numbers, errors inside the callee,
-- and a callee collected and a new function allocated in its place.
local function a(i, j)
  local s = i + j
  return 1.0 / (s * (s + 1) * 0.5 + i + 1)
end
local function sq(x) return x * x end
local function neg(x) return -x % 7 end

local sum = 0
for i = 1, 300 do
  sum = sum + a(i, i + 1) + sq(i) + neg(i)
end
print(string.format("%.17g", sum))

-- the callee changes mid-loop (an upvalue assigned another function, then back)
local f = sq
local acc = 0
for i = 1, 600 do
  if i == 200 then f = function(x) return x + 1 end end
  if i == 400 then f = sq end
  acc = acc + f(i)
end
print(acc)

-- a global callee, redefined while a loop runs
function g(x, y) return x * 2 + y end
local t = 0
for i = 1, 500 do
  if i == 250 then g = function(x, y) return x - y end end
  t = t + g(i, 3)
end
print(t)

-- arguments that are not numbers: strings are coerced by the callee's arithmetic,
-- anything else is an error raised inside the callee
local r = {}
for i = 1, 400 do
  local x = i
  if i % 100 == 0 then x = tostring(i) end
  r[#r + 1] = sq(x)
end
print(#r, r[100], r[399], type(r[100]))
for i = 1, 300 do
  local ok, err = pcall(function() return sq(i == 300 and {} or i) end)
  if i == 300 then print(ok, err) end
end
local ok, err = pcall(function()
  local s = 0
  for i = 1, 300 do
    local y = i
    if i == 299 then y = nil end
    s = s + a(i, y)
  end
  return s
end)
print(ok, err)

-- a metatable's __add reached through an inlined body
local mt = { __mul = function(x, y) return 42 end }
local obj = setmetatable({}, mt)
local last
for i = 1, 300 do last = sq(i == 300 and obj or i) end
print(last)

-- the callee is collected; new functions may reuse its memory
local function make() return function(x) return x * 3 end end
local h = make()
local c = 0
for i = 1, 300 do c = c + h(i) end
h = nil
collectgarbage()
for k = 1, 50 do
  local m = function(x) return x - 1 end
  if k == 50 then h = m end
end
for i = 1, 300 do c = c + h(i) end
print(c)

-- different closures of one pure function are the same body
local fs = {}
for k = 1, 3 do fs[k] = function(x) return x + 0.5 end end
local z = 0
for i = 1, 300 do z = z + fs[i % 3 + 1](i) end
print(z)
