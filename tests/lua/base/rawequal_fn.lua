-- rawequal
print(rawequal(nil, nil), rawequal(1, 1), rawequal(1, 2))
print(rawequal("a", "a"), rawequal("a", "b"), rawequal(true, true))
local t = {}
print(rawequal(t, t), rawequal(t, {}))
print(pcall(rawequal, 1))
print(pcall(rawequal))
print(rawequal(0, -0), rawequal(1, 1.0))
