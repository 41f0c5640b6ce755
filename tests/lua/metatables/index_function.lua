-- __index as a function
local t = setmetatable({real = 1}, {__index = function(t, k) return "default for " .. tostring(k) end})
print(t.real, t.missing, t[1], t[true])
local calls = 0
local u = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k * 2 end})
print(u[1], u[21], calls)
u[1] = "set"
print(u[1], calls)
print(rawget(u, 2))
