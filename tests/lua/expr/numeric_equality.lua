-- numeric equality and identity
print(1 == 1.0, 0.1 + 0.2 == 0.3, 0.5 + 0.25 == 0.75)
print(2^53 == 2^53 + 1, 2^52 == 2^52 + 1)
print(1e300 * 1e10 == 1/0)
print(-0 == 0, 1/0 == 1/0)
print(3 % -0 ~= 3 % -0)
print(100 == "100", tostring(100) == "100")
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}))
