-- pcall passes arguments and returns all results
print(pcall(function(a, b) return a + b, a * b end, 3, 4))
print(pcall(select, '#', 1, 2, 3))
print(pcall(pcall))
print(pcall(42))
print(pcall(nil))
print(pcall({}))
print(pcall(setmetatable({}, {__call = function(_, x) return "called", x end}), "arg"))
