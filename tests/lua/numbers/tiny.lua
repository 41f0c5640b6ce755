-- tiny magnitudes
print(1e-1, 1e-4, 1e-5, 1e-10, 1e-100, 1e-300)
print(1e-308, 2.2250738585072014e-308)
print(-1e-10, -1e-300)
print(2^-10, 2^-20, 2^-100)
print(1e-320 > 0, 1e-400 == 0)
print(0.1^10)
