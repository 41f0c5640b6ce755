-- __tostring used by tostring and print
local P = {__tostring = function(p) return "Point(" .. p.x .. ", " .. p.y .. ")" end}
local p = setmetatable({x = 1, y = 2}, P)
print(p)
print(tostring(p))
print(tostring(p) .. "!")
print("multi", p, p)
local weird = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, weird))
local errs = setmetatable({}, {__tostring = function() error("tostring failed") end})
print(pcall(tostring, errs))
local named = setmetatable({}, {__tostring = function() return "named" end, __name = "ignored"})
print(named)
