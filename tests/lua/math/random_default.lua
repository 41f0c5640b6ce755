-- without randomseed the generator starts as if seeded with 1
print(math.random())
print(math.random(100))
print(math.random(5, 15))
local t = {}
for i = 1, 20 do t[i] = math.random(0, 9) end
print(table.concat(t))
math.randomseed(1)
print(math.random())
