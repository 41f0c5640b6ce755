-- insert/remove with holes follow the border of the length operator
local t = {1, 2, 3}
t[5] = 5
print(#t == 3 or #t == 5)
local u = {}
u[1] = 1; u[2] = 2; u[4] = 4
table.insert(u, "x")
print(u[3], u[4], u[5])
-- table used as a stack and queue
local st = {}
for i = 1, 10 do table.insert(st, i * i) end
local out = {}
while #st > 0 do out[#out + 1] = table.remove(st) end
print(table.concat(out, " "))
local q = {}
for i = 1, 10 do table.insert(q, 1, i) end
print(table.concat(q, " "))
for i = 1, 5 do table.remove(q, 1) end
print(table.concat(q, " "), #q)
-- insert in the middle repeatedly
local m = {}
for i = 1, 20 do table.insert(m, math.floor(#m / 2) + 1, i) end
print(table.concat(m, " "))
for i = 1, 10 do table.remove(m, math.floor(#m / 2) + 1) end
print(table.concat(m, " "))
