-- type
print(type(nil), type(true), type(0), type(""), type({}), type(print), type(function() end))
print(type(type), type(type(1)))
print(pcall(type))
print(type(nil) == "nil")
local co = nil
print(type(co))
