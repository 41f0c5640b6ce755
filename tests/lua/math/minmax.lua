-- math.min / math.max
print(math.min(3), math.max(3))
print(math.min(3, 1, 2), math.max(3, 1, 2))
print(math.min(-1, -5, 10, 0.5), math.max(-1, -5, 10, 0.5))
print(math.min("10", 9), math.max("10", 9), math.max("0x10", 15))
print(math.min(1, math.huge, -math.huge), math.max(1, math.huge, -math.huge))
print(math.min(0.0, -0.0), math.min(-0.0, 0.0), math.max(0.0, -0.0), math.max(-0.0, 0.0))
-- NaN handling follows the comparisons
local nan = 0/0
print(math.min(nan, 1), math.min(1, nan), math.max(nan, 1), math.max(1, nan))
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 - 50 end
print(math.min(unpack(t)), math.max(unpack(t)))
print(pcall(math.min))
print(pcall(math.max))
print(pcall(math.min, 1, "x"))
print(pcall(math.max, 1, 2, {}))
print(pcall(math.min, nil, 1))
print(pcall(math.max, 1, nil))
local ok, e = pcall(function() return math.max(1, 2, 3, false) end)
print(ok, e)
ok, e = pcall(function() return math.min() end)
print(ok, e)
