-- runtime error messages with variable names
local function try(f) local ok, e = pcall(f) print(e) end
try(function() return undefined_global.x end)
try(function() local x; return x.y end)
try(function() local t = {} return t.y.z end)
try(function() local t = {} return t.a.b.c end)
local up
try(function() return up.field end)
try(function() local t = {} t:m() end)
try(function() local t = {} t.f() end)
try(function() undefined_fn() end)
try(function() local lf; lf() end)
try(function() return up() end)
try(function() local t = {} return t[1][2] end)
try(function() local n = 5; n.x = 1 end)
try(function() undefined_global.x = 1 end)
try(function() local b = true; return b[1] end)
