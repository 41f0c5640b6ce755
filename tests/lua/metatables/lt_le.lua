-- __lt and __le
local mt = {}
mt.__lt = function(a, b) print("lt", a.v, b.v); return a.v < b.v end
mt.__le = function(a, b) print("le", a.v, b.v); return a.v <= b.v end
local function new(v) return setmetatable({v = v}, mt) end
local x, y = new(1), new(2)
print(x < y, y < x)
print(x <= y, y <= x)
print(x > y, x >= y)
print(pcall(function() return x < 1 end))
local z = setmetatable({v = 0}, {__lt = mt.__lt})
print(pcall(function() return x < z end))
