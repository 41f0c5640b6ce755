-- integral floats print without a decimal point
print(0, 1, -1, 10, 100, 1000000)
print(2^31, 2^32, -2^31, 2^31 - 1)
print(123456789012, 99999999999999)
print(1e14, 1e15, 1e16, 1e17)
print(3.0, -3.0, 1e2, 100.0)
local x = 7 / 7
print(x)
print(2^53, 2^53 + 1, 2^63, 2^64)
print(-2^53, -2^63)
print(12345678901234)
print(123456789012345)
print(1234567890123456)
