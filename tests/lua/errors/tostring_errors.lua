-- error messages are ordinary strings
local ok, e = pcall(function() local x = nil; return x + 1 end)
print(type(e), #e > 0)
print("caught: " .. e)
ok, e = pcall(error, setmetatable({}, {__tostring = function() return "custom error object" end}))
print(ok, tostring(e))
ok, e = pcall(error, 3.5)
print(ok, e, type(e))
