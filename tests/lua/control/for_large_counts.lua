-- loops with many iterations and float limits
local s = 0
for i = 1, 100000 do s = s + i end
print(s)
local c = 0
for i = 1, 3.9 do c = c + 1 end
print(c)
c = 0
for i = 5, 1.5, -1 do c = c + 1 end
print(c)
c = 0
for i = 1, 1/0 do c = c + 1 if c == 5 then break end end
print(c)
for i = 2^52 - 1, 2^52 + 1 do print(i) end
