-- table constructors
local t = {1, 2, 3}
print(#t, t[1], t[2], t[3])
t = {x = 1, y = 2, ["z"] = 3, [10] = 4}
print(t.x, t.y, t.z, t[10])
t = {1, 2, 3,}
print(#t)
t = {1; 2; 3;}
print(#t)
t = {[1] = "a", "b"}
print(t[1])
t = {"b", [1] = "a"}
print(t[1])
t = {[1+1] = "two", [2*3] = "six"}
print(t[2], t[6])
t = {x = 1, 2, y = 3, 4; 5}
print(t.x, t.y, t[1], t[2], t[3], #t)
t = {{1, 2}, {3, 4}}
print(t[1][2], t[2][1])
t = {}
print(#t, next(t))
t = {["a b"] = 1, [true] = 2, [false] = 3}
print(t["a b"], t[true], t[false])
