-- trigonometric and hyperbolic functions
local xs = {0, 0.5, 1, -1, 2, math.pi / 6, math.pi / 4, math.pi / 2, math.pi, 10, -7.25, 1e-8, 100}
for _, x in ipairs(xs) do
  print(x, math.sin(x), math.cos(x), math.tan(x))
end
for _, x in ipairs({-1, -0.5, 0, 0.25, 0.5, 1}) do
  print(x, math.asin(x), math.acos(x), math.atan(x))
end
for _, x in ipairs({0, 0.5, 1, -2, 10, 30, -30, 710}) do
  print(x, math.sinh(x), math.cosh(x), math.tanh(x))
end
print(math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(0, -1))
print(math.atan2(0, 0), math.atan2(-0.0, -1), math.atan2(1, 0), math.atan2(math.huge, math.huge))
print(math.atan(math.huge), math.atan(-math.huge), math.tanh(math.huge))
print(math.asin(2), math.acos(-2))
print(math.sin(math.huge), math.cos(-math.huge))
