-- setmetatable returns its first argument; argument checks
local t = {}
print(setmetatable(t, {}) == t)
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
print(pcall(getmetatable))
local mt = {}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(getmetatable(a) == getmetatable(b), getmetatable(a) == mt)
