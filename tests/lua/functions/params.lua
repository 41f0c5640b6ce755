-- parameter passing: missing params are nil, extra are dropped
local function f(a, b, c) return a, b, c end
print(f())
print(f(1))
print(f(1, 2, 3, 4))
local function g(a, b) a = a or "default"; return a, b end
print(g(), g(false), g(0))
local function modify(t, n) t.x = "changed"; n = n + 1; return n end
local t, n = {x = "orig"}, 1
print(modify(t, n), t.x, n)
