-- ^ always yields a float; right associative
print(2 ^ 2, 2 ^ 0, 0 ^ 0, 0 ^ 1)
print(10 ^ 2, 10 ^ -2, 10 ^ 15, 10 ^ 16)
print(9 ^ 0.5, 27 ^ (1/3) > 2.99)
print((-8) ^ 2, (-2) ^ 3)
print(2 ^ 3 ^ 0)
print(1.5 ^ 2)
print(2 ^ 62, 2 ^ 64)
local b = 3
print(b ^ 2 ^ 1)
