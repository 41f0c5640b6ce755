-- # on tables with holes (border found by lua5.1)
local t = {1, 2, nil, 4}
print(#t)
t = {nil, nil, 3}
print(#t)
t = {1, nil}
print(#t)
t = {nil}
print(#t)
t = {1, 2, 3, nil, 5, nil}
print(#t)
t = {}
t[1] = 1; t[2] = 2; t[4] = 4
print(#t)
t = {}
t[2] = 2
print(#t)
t = {1, 2, 3, 4, 5}
t[3] = nil
print(#t)
t[5] = nil
print(#t)
t = {}
for i = 1, 10 do t[i] = i end
t[10] = nil; t[9] = nil
print(#t)
t = {}
for i = 1, 8 do t[i] = i end
t[4] = nil
print(#t)
