-- tables are references
local a = {x = 1}
local b = a
b.x = 2
print(a.x, a == b)
local function mutate(t) t.y = "set" end
mutate(a)
print(b.y)
local c = {x = 2, y = "set"}
print(a == c, rawequal(a, b), rawequal(a, c))
local list = {a, b, c}
print(list[1] == list[2], list[2] == list[3])
