-- unary minus and not
local x = 5
print(-x, - -x, -(-x), -(x + 1))
print(-"2", -"-2", -"0x10")
local z = 0
print(-z)
print(not x, not not x)
print(-(2^2), -2^-2)
print(#"hello", -#"hi")
print(pcall(function() return -{} end))
print(pcall(function() return -"abc" end))
