-- decimal numeric literals
print(0, 1, 42, 007, 1234567890)
print(3.0, 3.5, .5, 5., 0.25)
print(1e0, 1e1, 1e2, 1E3, 2e-1, 2E-2, 1e+2, 1.5e3)
print(.5e1, 5.e1, 123.456e-2)
print(100000000000000, 1000000000000000)
print(0.1, 0.01, 0.001, 0.0001, 0.00001)
print(12345678901234567890)
local x = 10
print(x, -x, - -x)
print(type(1), type(1.5), type(1e10))
