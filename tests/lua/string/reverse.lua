print(string.reverse("hello"), ("abc"):reverse(), "[" .. (""):reverse() .. "]", ("a"):reverse())
print(string.reverse(12345), string.reverse(1.25), ("racecar"):reverse() == "racecar")
local z = ("a\0b\0\0c"):reverse()
print(#z, z == "c\0\0b\0a")
local s = ""
for i = 1, 100 do s = s .. string.char(i) end
local r = s:reverse()
print(r:byte(1), r:byte(100), r:reverse() == s)
print(pcall(string.reverse))
print(pcall(string.reverse, {}))
