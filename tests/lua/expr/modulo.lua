-- % semantics: a - floor(a/b)*b (sign of the divisor)
print(5 % 3, -5 % 3, 5 % -3, -5 % -3)
print(5.5 % 2, -5.5 % 2, 5.5 % -2)
print(0 % 5, 3 % 1, 3.25 % 1, -3.25 % 1)
print(10 % 10, 1 % 10, 11 % 10)
print(7 % 2.5, -7 % 2.5)
print(1e15 % 7, 2^53 % 3)
local x = 7.75
print(x - x % 1, x % 1)
local y = -7.75
print(y - y % 1, y % 1)
print(5 % 0.3 < 0.3)
print(1 % (1/0))
