-- nested tables
local t = {a = {b = {c = {d = "deep"}}}}
print(t.a.b.c.d)
t.a.b.c.e = "new"
print(t["a"]["b"]["c"]["e"])
local m = {}
for i = 1, 3 do
  m[i] = {}
  for j = 1, 3 do m[i][j] = i * j end
end
for i = 1, 3 do print(m[i][1], m[i][2], m[i][3]) end
local self = {}
self.self = self
print(self.self.self.self == self)
local list = nil
for i = 1, 5 do list = {value = i, next = list} end
local node = list
while node do print(node.value); node = node.next end
