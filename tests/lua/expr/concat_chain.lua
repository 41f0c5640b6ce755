-- long concatenation chains (right associative)
local s = ""
for i = 1, 20 do s = s .. i end
print(s, #s)
local a, b, c, d = "a", "b", "c", "d"
print(a .. b .. c .. d .. 1 .. 2 .. 3)
local t = {}
local r = ""
for i = 1, 10 do r = i .. "," .. r end
print(r)
print("x" .. ("y" .. "z"))
print(("x" .. "y") .. "z")
print(1 .. 2 == "12")
