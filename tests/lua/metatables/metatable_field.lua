-- __metatable protects the metatable
local mt = {__metatable = "locked"}
local t = setmetatable({}, mt)
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local mt2 = {__metatable = false}
local u = setmetatable({}, mt2)
print(getmetatable(u))
local v = setmetatable({}, {})
print(type(getmetatable(v)))
print(setmetatable(v, nil) == v, getmetatable(v))
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
