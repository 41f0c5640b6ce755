-- frexp / ldexp
for _, x in ipairs({0, 1, -1, 0.5, 2, 3, 1024, 0.1, -1e300, 1e-310, 2^-1074, 2^1023, 123.456}) do
  local m, e = math.frexp(x)
  print(x, m, e, math.ldexp(m, e) == x)
end
print(math.frexp(-0.0))
print(math.frexp(math.huge))
print(math.frexp(-math.huge))
print(math.frexp(0/0))
print(math.ldexp(1, 0), math.ldexp(1, 10), math.ldexp(1, -1), math.ldexp(0.75, 4))
print(math.ldexp(1, 1024), math.ldexp(1, -1075), math.ldexp(1, -1074), math.ldexp(-3, 2))
print(math.ldexp(1, 2.9), math.ldexp(1, -2.9), math.ldexp(5, "3"))
print(math.ldexp(0, 100), math.ldexp(math.huge, -5))
print(pcall(math.ldexp, 1))
print(pcall(math.ldexp, "a", 1))
print(pcall(math.frexp))
