-- arithmetic on invalid operands (caught)
local function try(f) local ok, e = pcall(f) print(ok, e) end
local t = {}
local s = "x"
try(function() return t + 1 end)
try(function() return 1 + t end)
try(function() return s * 2 end)
try(function() return nil - 1 end)
try(function() return true / 1 end)
try(function() return 2 ^ {} end)
try(function() return -nil end)
try(function() return t % 2 end)
try(function() return undefinedglobal + 1 end)
try(function() return t.field * 2 end)
