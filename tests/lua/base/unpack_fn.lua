-- unpack with ranges
local t = {"a", "b", "c", "d"}
print(unpack(t))
print(unpack(t, 3))
print(unpack(t, 2, 3))
print(unpack(t, 3, 2))
print(unpack(t, -1, 1))
print(unpack(t, 4, 6))
print(select('#', unpack(t, 1, 0)))
print(select('#', unpack({}, 1, 5)))
print(pcall(unpack))
print(pcall(unpack, nil))
print(pcall(unpack, "str"))
local big = {}
for i = 1, 300 do big[i] = i end
local function count(...) return select('#', ...) end
print(count(unpack(big)))
t = {n = 3, 1, nil, 3}
print(unpack(t, 1, t.n))
