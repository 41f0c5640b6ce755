-- next
local t = {}
print(next(t))
t.only = 1
print(next(t))
print(next(t, "only"))
t = {5}
print(next(t))
print(next(t, 1))
print(pcall(next, t, "nokey"))
local u = {a = 1, b = 2, c = 3}
local n, s = 0, 0
local k, v = next(u)
while k do n = n + 1; s = s + v; k, v = next(u, k) end
print(n, s)
print(pcall(next))
print(pcall(next, nil))
