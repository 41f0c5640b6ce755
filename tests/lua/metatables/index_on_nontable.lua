-- __index lookup chains stop at rawget hits, including false
local base = {flag = false, n = 0}
local t = setmetatable({}, {__index = base})
print(t.flag, t.n, t.none)
local t2 = setmetatable({flag = nil}, {__index = base})
print(t2.flag)
local fromfn = setmetatable({}, {__index = function(_, k) if k == "x" then return nil end return false end})
print(fromfn.x, fromfn.y)
local mixed = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return k .. "!" end})})
print(mixed.hello)
