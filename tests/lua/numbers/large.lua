-- large magnitudes and exponents
print(1e15, 1e16, 1e20, 1e100, 1e300, 1e308)
print(-1e15, -1e16, -1e100)
print(1.5e15, 1.5e16, 1.25e100)
print(2^100, 2^200, 2^1000)
print(1e308 * 10, -1e308 * 10)
print(123456789012345678)
print(10^15, 10^16, 10^21)
print(2^1023 * 1.5)
