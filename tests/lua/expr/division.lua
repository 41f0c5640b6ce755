-- division by zero and float division
print(1 / 0, -1 / 0, 0 / 1)
print(7 / 2, -7 / 2, 7 / -2)
print(1 / 3 * 3 == 1)
print(10 / 4, 9 / 3, 1 / 8)
print(1e308 / 1e-10)
print(5 % 0 ~= 5 % 0)
local big = 2^1023
print(big * 2, -big * 2)
