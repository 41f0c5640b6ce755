-- in 5.1, a <= b falls back to not (b < a) when __le is absent
local mt = {__lt = function(a, b) print("lt called", a.v, b.v); return a.v < b.v end}
local a = setmetatable({v = 1}, mt)
local b = setmetatable({v = 2}, mt)
print(a <= b)
print(b <= a)
print(a >= b)
local noop = setmetatable({}, {})
print(pcall(function() return noop <= noop end))
