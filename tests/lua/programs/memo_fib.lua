-- memoized fibonacci
local calls = 0
local memo = {}
local function fib(n)
  calls = calls + 1
  if n <= 2 then return 1 end
  local v = memo[n]
  if v then return v end
  v = fib(n - 1) + fib(n - 2)
  memo[n] = v
  return v
end
print(fib(10), calls)
calls = 0
print(fib(50), calls)
calls = 0
print(fib(78), calls)
for i = 1, 15 do io_line = (io_line or "") .. fib(i) .. " " end
print(io_line)
local function memoize(f)
  local cache = {}
  return function(n)
    local r = cache[n]
    if r == nil then r = f(n); cache[n] = r end
    return r
  end
end
local slow_calls = 0
local square = memoize(function(n) slow_calls = slow_calls + 1; return n * n end)
for i = 1, 3 do for j = 1, 10 do square(j) end end
print(square(9), slow_calls)
