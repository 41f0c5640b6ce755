-- 14 significant digits rounding
print(0.1 + 0.2, 0.1 + 0.7, 1.1 * 1.1)
print(1 / 3, 10 / 3, 100000 / 3)
print(2 / 3 * 3, 0.3 - 0.1)
print(1.00000000000001, 1.000000000000001)
print(123456789.123456789)
print(0.99999999999999, 0.999999999999999)
print(4.35 * 100, 1.005 * 1000)
print(1e15 + 0.3, 1e14 + 0.3)
print(3.0000000000000004)
local sum = 0
for i = 1, 10 do sum = sum + 0.1 end
print(sum, sum == 1)
