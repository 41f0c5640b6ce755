-- ipairs stops at the first nil
local t = {10, 20, 30, nil, 50}
for i, v in ipairs(t) do print(i, v) end
local empty = {}
for i, v in ipairs(empty) do print("never") end
t = {n = 1, 1, 2}
for i, v in ipairs(t) do print(i, v) end
t = {}
t[2] = "two"
for i, v in ipairs(t) do print("never", i, v) end
t = {"a", "b", "c"}
local f, s, init = ipairs(t)
print(type(f), s == t, init)
print(f(t, 0))
print(f(t, 2))
print(f(t, 3))
