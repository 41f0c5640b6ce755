-- Deep recursion (10000 levels) in hot functions, runaway recursion caught
-- by pcall, and tail calls that must run in constant stack space.

local function depth(n)
  if n == 0 then return 0 end
  return 1 + depth(n - 1)
end
print("depth", depth(10000))

-- recursion with several live locals per frame; the argument type changes at the bottom
local function sumdown(n, base)
  local a, b = n, n * 2
  if n == 0 then return base + 0 end
  local r = sumdown(n - 1, base)
  return r + a + b - n * 2
end
local s = 0
for i = 1, 20 do s = s + sumdown(500, i) end
print("sumdown", s, sumdown(3000, 0), sumdown(3000, "5"), sumdown(100, 0.25))
print(pcall(sumdown, 3000, nil))

-- mutual recursion
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print("mutual", is_even(3000), is_odd(2999), is_even(2777))

-- runaway recursion: print only whether it failed and whether the message says so
local function runaway(n) return 1 + runaway(n + 1) end
for round = 1, 3 do
  local ok, msg = pcall(runaway, 1)
  print("runaway", round, ok, type(msg), string.find(msg, "stack overflow", 1, true) ~= nil)
end
-- after the overflow the stack is usable again
print("after", depth(2000))

-- runaway recursion through a non-tail method call
local obj = {}
function obj:down(n) local r = self:down(n + 1); return r end
local ok, msg = pcall(obj.down, obj, 0)
print("method runaway", ok, string.find(msg, "stack overflow", 1, true) ~= nil)

-- tail calls: 100000 iterations must not grow the stack
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + n)
end
print("tail", loop(100000, 0))

local function tail_a(n, acc) if n == 0 then return acc end return tail_b(n - 1, acc + 2) end
function tail_b(n, acc) if n == 0 then return acc end return tail_a(n - 1, acc - 1) end
print("tail mutual", pcall(tail_a, 100001, 0))
tail_b = function(n, acc) if n == 0 then return acc end return tail_a(n - 1, acc) end
print("tail mutual global", pcall(tail_a, 10, "1"))

-- tail call whose accumulator changes type in the middle
local function tmix(n, acc)
  if n == 0 then return acc end
  if n == 50000 then acc = tostring(acc) end
  if n == 25000 then acc = acc + 0.5 end
  return tmix(n - 1, acc + 1)
end
print("tail mix", tmix(100000, 0))

-- recursion that builds results (fib with memo table, ackermann small)
local memo = {}
local function fib(n)
  if n < 2 then return n end
  local m = memo[n]
  if m then return m end
  m = fib(n - 1) + fib(n - 2)
  memo[n] = m
  return m
end
print("fib", fib(80), string.format("%.17g", fib(90)))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print("ack", ack(2, 3), ack(2, 50))

-- error raised at the bottom of a deep recursion carries the right line
local function deep_err(n)
  if n == 0 then error("bottom reached") end
  return (deep_err(n - 1))
end
print(pcall(deep_err, 2000))
local function deep_err2(n)
  if n == 0 then local t = nil; return t.field end
  local v = deep_err2(n - 1)
  return v
end
print(pcall(deep_err2, 2000))
