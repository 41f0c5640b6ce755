-- integer-valued float arithmetic stays exact up to 2^53
local x = 1
for i = 1, 52 do x = x * 2 end
print(x, x + 1, x * 2 + 1)
local f = 1
for i = 1, 20 do f = f * i end
print(f)
local g = 1
for i = 1, 25 do g = g * i end
print(g)
print(2^53 - 1, 2^53 + 2)
print(9007199254740993)
print(0xffffffffffff * 2)
print(1000000 * 1000000, 1000000 * 10000000, 1000000 * 100000000)
