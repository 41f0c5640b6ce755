-- tail calls with varargs and multiple results
local function f(n, ...) if n == 0 then return select('#', ...), ... end return f(n - 1, ...) end
print(f(100000, "a", "b", nil))
local function g(n) if n == 0 then return 1, 2, 3 end return g(n - 1) end
print(g(100000))
local t = {g(10)}
print(#t)
