-- __len on tables is ignored by the 5.1 # operator
local t = setmetatable({1, 2, 3}, {__len = function() return 42 end})
print(#t)
local e = setmetatable({}, {__len = function() return 99 end})
print(#e)
print(getmetatable(t).__len(t))
