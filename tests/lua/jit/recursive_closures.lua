-- Recursive call sites whose callee is the running closure, another closure of the same
-- function, or another function altogether (compiled calls check which).
local fns = {}
local cur
local function mk(tag)
  return function(n)
    if n == 0 then return tag end
    cur = fns[n % 3 + 1]
    return tag + cur(n - 1)
  end
end
for i = 1, 3 do fns[i] = mk(i) end
local s = 0
for r = 1, 300 do
  cur = fns[r % 3 + 1]
  s = s + cur(20)
end
print(s)
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local real = fib
fib = function(n) return -n end
print(real(5), real(1))
fib = "not a function"
print(pcall(real, 3))
fib = setmetatable({}, {__call = function(_, n) return n * 100 end})
print(real(4))
