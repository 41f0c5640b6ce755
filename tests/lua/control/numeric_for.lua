-- numeric for loops
for i = 1, 3 do print(i) end
for i = 3, 1, -1 do print(i) end
for i = 1, 0 do print("never") end
for i = 0, 1, 0.25 do print(i) end
for i = 1, 2, 0.5 do print(i) end
for i = 10, 1, -3 do print(i) end
for i = -1, -3, -1 do print(i) end
for i = 1.5, 3.5 do print(i) end
for i = 1, 1 do print("once", i) end
local s = 0
for i = 1, 100, 7 do s = s + i end
print(s)
for i = 0.1, 0.5, 0.1 do print(i) end
