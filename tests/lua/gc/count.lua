-- collectgarbage("count") returns a number in KB
local c = collectgarbage("count")
print(type(c), c > 0)
local t = {}
local function fill() for i = 1, 2000 do t[i] = {i} end end
fill()
local c2 = collectgarbage("count")
print(c2 > c)
t = nil
collectgarbage()
local c3 = collectgarbage("count")
print(c3 < c2)
