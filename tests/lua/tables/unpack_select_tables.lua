-- unpack of tables
local t = {1, 2, 3, 4, 5}
print(unpack(t))
print(unpack(t, 2))
print(unpack(t, 2, 4))
print(unpack(t, 4, 2))
print(unpack({}, 1, 3))
print(select('#', unpack(t)))
print(select('#', unpack({1, nil, 3})))
print(unpack({"a", "b"}, 0, 3))
local a, b = unpack({9, 8, 7})
print(a, b)
