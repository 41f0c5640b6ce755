-- float keys with integral values are the same as integer keys
local t = {}
t[1.0] = "one"
print(t[1])
t[2] = "two"
print(t[2.0])
t[3 / 3 + 2] = "three"
print(t[3], #t)
t[0.5] = "half"
print(t[0.5], t[0], t[1])
local k = 2^0
print(t[k])
t["1"] = "string one"
print(t[1], t["1"])
local n = 0
for k, v in pairs(t) do n = n + 1 end
print(n)
t[-0] = "zero"
print(t[0])
