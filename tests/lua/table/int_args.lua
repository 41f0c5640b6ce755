-- integer arguments are converted like C's (int) casts of the reference
print(table.concat({1, 2, 3}, ",", 2^32 + 1, 2^32 + 3))
print(table.concat({1, 2, 3}, ",", 1.99, 2.99))
print(pcall(table.concat, {1, 2, 3}, ",", -0.5, 1))
local t = {}
table.insert(t, 2^32 + 1, "wrapped")
print(t[1], #t)
table.insert(t, -1.5, "neg")
print(t[-1], t[-2])
local r = {10, 20, 30}
print(table.remove(r, 2^32 + 2), #r)
print(table.remove(r, 1.5), #r)
math.randomseed(2^32 + 7)
local a = math.random(1000)
math.randomseed(7)
print(a == math.random(1000))
print(math.random(2^32 + 3, 2^32 + 3))
print(math.ldexp(1, 2^32 + 2))
