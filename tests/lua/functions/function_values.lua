-- functions are first-class values
local function apply(f, x) return f(x) end
local function double(x) return x * 2 end
print(apply(double, 21))
print(apply(function(x) return x .. "!" end, "hi"))
local ops = {add = function(a, b) return a + b end, mul = function(a, b) return a * b end}
print(ops.add(2, 3), ops["mul"](2, 3))
local function compose(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
print(compose(double, inc)(5), compose(inc, double)(5))
print(type(print), type(double))
local function id(...) return ... end
print(id(id)(7))
