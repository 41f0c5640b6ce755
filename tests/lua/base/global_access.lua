-- globals: reading undefined globals gives nil, assignments create them
print(not_defined)
newglobal = 5
print(newglobal)
newglobal = nil
print(newglobal)
local print = print
print("local alias of print")
local saved = tostring
tostring = function(v) return "<" .. type(v) .. ">" end
print(1, "x")
tostring = saved
print(1, "x")
