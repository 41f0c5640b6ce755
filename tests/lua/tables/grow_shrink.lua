-- growing and shrinking tables
local t = {}
for i = 1, 1000 do t[i] = i end
print(#t, t[1], t[500], t[1000])
for i = 1000, 501, -1 do t[i] = nil end
print(#t, t[500], t[501])
local h = {}
for i = 1, 1000 do h["k" .. i] = i end
local s = 0
for k, v in pairs(h) do s = s + v end
print(s)
for i = 1, 1000, 2 do h["k" .. i] = nil end
s = 0
local c = 0
for k, v in pairs(h) do s = s + v; c = c + 1 end
print(c, s)
local r = {}
for i = 1000, 1, -1 do r[i] = i end
print(#r)
