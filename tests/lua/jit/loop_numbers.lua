-- Numbers kept in registers across loop iterations (jit/src/infer.rs): every assumption
-- that a local holds a number must be checked where it can fail.

-- A closure turns a loop-carried local into a (numeric) string mid-loop.
local function poisoned(n)
  local acc = 0
  local function poison() acc = tostring(acc) end
  for i = 1, n do
    acc = acc + i
    if i % 97 == 0 then poison() end
  end
  return acc, type(acc)
end
print(poisoned(1000))

-- The same with a non-numeric string: the error names the local.
local function poisoned2(n)
  local acc = 0
  local function poison() acc = "x" end
  for i = 1, n do
    acc = acc + i
    if i == 300 then poison() end
  end
  return acc
end
print(pcall(poisoned2, 1000))

-- A metamethod result makes a local a string in the interpreter, before the loop is entered
-- by on-stack replacement.
local mt = { __add = function(a, b) return "7" end }
local function osr(n, obj)
  local x = 0
  local s = 0
  for i = 1, n do
    s = s + x
    if i % 50 == 2 then x = obj + 1 else x = x + 1 end
  end
  return s, x
end
print(osr(500, setmetatable({}, mt)))
print(osr(500, 5))

-- 'for' bounds that are strings, then numbers, then bad.
local function sum(a, b, c)
  local s = 0
  for i = a, b, c do s = s + i end
  return s
end
for r = 1, 300 do sum(1, 10, 1) end
print(sum("1", "10", "2"), sum(1, 10, 1), sum(10, 1, -3), sum(1.5, 3, 0.5))
print(pcall(sum, 1, {}, 1))
print(pcall(sum, "a", 3, 1))
print(pcall(sum, 1, 3, nil))

-- Nested loops: outer numbers live through the inner loop, inner ones after it.
local function nested(n)
  local total, count = 0, 0
  for y = 1, n do
    local row = y * 0.5
    local acc = 0
    for x = 1, n do
      acc = acc + x * row
      if acc > 1e6 then acc = acc - 1e6 end
    end
    total = total + acc
    count = count + 1
    while count > 3 do count = count - 3 end
  end
  return total, count
end
print(nested(120))

-- A loop counter compared with constants of several types.
local function eqs(n)
  local hits = 0
  for i = 1, n do
    if i == 5 then hits = hits + 1 end
    if i ~= "5" then hits = hits + 1 end
    local j = i % 3
    if j == 0 then hits = hits + 10 end
  end
  return hits
end
print(eqs(400))

-- Loop-carried values whose type changes from number to string to table on a later pass.
local function drift(v, n)
  local a = v
  for i = 1, n do
    if type(a) == "number" then a = a + 1 else a = i end
  end
  return a
end
for _, v in ipairs({ 1, 2.5, "3", {}, nil, 4 }) do print(drift(v, 250)) end

-- A loop inside a coroutine that yields mid-loop, with the loop-carried sum resumed.
local co = coroutine.wrap(function(n)
  local s = 0
  for i = 1, n do
    s = s + i
    if i % 100 == 0 then coroutine.yield(s) end
  end
  return "done", s
end)
print(co(450), co(), co(), co(), co())

-- Tables carried in registers across loop iterations: replaced, given metatables, or
-- replaced by other values through a closure.
local function tables(n)
  local t, u = {}, {}
  local log = {}
  for i = 1, n do
    t[i] = i * 2
    u[#u + 1] = t[i] + 1
    if i % 64 == 0 then
      t = {}
      setmetatable(u, { __newindex = function(tb, k, v) rawset(tb, k, v * 10) end })
    end
    if i % 100 == 0 then log[#log + 1] = t[i] .. "/" .. #u end
  end
  return table.concat(log, " "), u[n], t[n % 64]
end
print(tables(700))

local function swapped(n)
  local t = {}
  local function swap(v) t = v end
  local s = 0
  for i = 1, n do
    if type(t) == "table" then t[1] = i; s = s + t[1] else s = s + #t end
    if i == 150 then swap("abcd") elseif i == 160 then swap({}) end
  end
  return s
end
print(swapped(300))

-- A loop invariant the body uses as a number is checked once at the loop's entry: here it is
-- a numeric string for some calls, nil for one (the error must come from the body).
local function scale(x, n)
  local s = 0
  for i = 1, n do s = s + x * i end
  local j, t = 0, 0
  while j < n do j = j + 1; t = t + j * x end
  return s, t
end
for r = 1, 5 do print(scale(2, 300)) print(scale("3", 300)) print(scale(0.5, 10)) end
print(pcall(scale, nil, 10))
print(pcall(scale, 2, "x"))
