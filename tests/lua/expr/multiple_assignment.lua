-- multiple assignment evaluation
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local p, q, r = (function() return 1, 2, 3 end)()
print(p, q, r)
local m, n = ((function() return 1, 2 end)())
print(m, n)
a, b, c = 0
print(a, b, c)
local u = {}
u.x, u.y, u.z = 10, 20
print(u.x, u.y, u.z)
