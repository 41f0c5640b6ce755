-- exp, log, log10, pow
for _, x in ipairs({0, 1, -1, 0.5, 10, 100, -745, 709, 710}) do
  print(x, math.exp(x))
end
for _, x in ipairs({1, 2, 10, 0.5, 1e-300, 1e300, 2^60}) do
  print(x, math.log(x), math.log10(x))
end
print(math.log(0), math.log10(0), math.log(-1), math.log10(-1))
print(math.log(math.huge), math.log10(math.huge), math.exp(math.huge), math.exp(-math.huge))
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3), math.pow(0, 0), math.pow(0, -1))
print(math.pow(-2, 3), math.pow(-2, 0.5), math.pow(10, -2), math.pow(1, math.huge), math.pow(2, 1024))
print(math.pow(math.huge, -1), math.pow(-math.huge, 3), math.pow(-0.0, -1), 2^0.5 == math.pow(2, 0.5))
print(math.log(8) / math.log(2), math.log10(1000), math.exp(math.log(5)))
