-- relational operators must not coerce between strings and numbers
local function try(f) print(pcall(f)) end
try(function() return 1 < "2" end)
try(function() return "1" < 2 end)
try(function() return 1 <= "1" end)
try(function() return "a" > 1 end)
try(function() return {} < 1 end)
try(function() return true < false end)
try(function() return nil >= nil end)
print(1 == "1", "1" ~= 1)
