-- pairs over a sequence built in order visits keys 1..n in order
local t = {}
for i = 1, 10 do t[i] = i * i end
for k, v in pairs(t) do print(k, v) end
local u = {"x", "y", "z"}
for k, v in pairs(u) do print(k, v) end
local f, s, c = pairs(u)
print(type(f), s == u, c)
