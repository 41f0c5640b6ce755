-- basic arithmetic
local a, b = 7, 3
print(a + b, a - b, a * b, a / b)
print(a % b, a ^ b, -a)
print(10 / 2, 1 / 4, 3 / 2)
print(2 ^ 10, 2 ^ 0.5, 4 ^ 0.5, 2 ^ -1)
print(0.5 + 0.25, 1.5 * 2, 10 - 20)
print(1e10 * 1e10, 123456789 * 1000)
local x = 0
for i = 1, 100 do x = x + i end
print(x)
print(a * b + a - b / a)
