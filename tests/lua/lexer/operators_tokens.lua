-- multi-character tokens
print(1 == 1, 1 ~= 1, 1 <= 2, 1 >= 2, 1 < 2, 1 > 2)
print("a" .. "b", "a".."b".."c")
local function f(...) return select('#', ...) end
print(f(1, 2, 3))
print(2^3, -2^2, 10 % 3)
print(1==1==true)
print(1 .. 2)
local t = {x = 1}
print(t.x, t["x"])
print(#{1, 2, 3})
print(not nil, not 0)
print(1-1, 1- -1, 1 - - 1)
