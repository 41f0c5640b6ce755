-- strings index the string table through their shared metatable
local s = "Hello"
print(s:len(), s:upper(), s:lower(), s:rep(2), s:sub(2, 3), s:byte(1), s:reverse(), s:find("l"), s:match("l+"))
print(("%d-%s"):format(1, "x"), ("a,b"):gsub(",", ";"), ("x"):len())
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("abc") == getmetatable(""))
print(#string.format("%s", s), s.len == string.len, ("").rep == string.rep)
-- a function added to string is visible through methods
string.shout = function(self) return self:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(pcall(function() return ("hey"):shout() end))
-- method calls name the method in argument errors and shift argument numbers
print(pcall(function() return s:rep() end))
print(pcall(function() return s:rep("x") end))
print(pcall(function() return s:sub() end))
print(pcall(function() return s:find({}) end))
print(pcall(function() return s:char() end))
print(pcall(function() return string.rep(s) end))
print(pcall(function() return ("x").rep() end))
print(pcall(function() local t = {rep = string.rep} return t.rep() end))
print(pcall(function() local r = string.rep return r() end))
print(pcall(function() local t = {} t.f = string.byte return t:f() end))
-- numbers have no string methods
print(pcall(function() local n = 5 return n:rep(2) end))
