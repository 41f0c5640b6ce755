-- math: rounding, abs, sqrt and constants
print(math.pi, math.huge, -math.huge)
print(math.abs(-3), math.abs(3.5), math.abs(-0.0), math.abs(-math.huge), math.abs("-2"))
print(math.floor(3.7), math.floor(-3.7), math.floor(-0.0), math.floor(-0.5), math.floor(5))
print(math.ceil(3.2), math.ceil(-3.2), math.ceil(-0.5), math.ceil(0.5), math.ceil(-0.0))
print(math.floor(2^53 + 0.5), math.ceil(1e300), math.floor(-1e-300))
print(math.floor(math.huge), math.ceil(-math.huge))
print(math.sqrt(16), math.sqrt(2), math.sqrt(0), math.sqrt(-0.0), math.sqrt(math.huge))
print(math.sqrt(1e-310), math.sqrt("9"))
print(math.deg(math.pi), math.deg(1), math.deg(-0.5), math.rad(180), math.rad(1), math.rad(-90))
print(math.floor("3.9"), math.ceil("  4.1  "), math.abs("0x10"))
for _, x in ipairs({0.1, 0.5, 1.5, 2.5, -2.5, 1e15 + 0.5, 123456.789}) do
  print(x, math.floor(x), math.ceil(x), math.floor(x + 0.5))
end
