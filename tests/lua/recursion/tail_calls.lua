-- tail calls do not grow the stack
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(1000000, 0))
local a, b
function a(n) if n == 0 then return "a done" end return b(n - 1) end
function b(n) if n == 0 then return "b done" end return a(n - 1) end
print(a(1000001))
print(a(1000000))
local function count(n) if n > 0 then return count(n - 1) end return n end
print(count(300000))
