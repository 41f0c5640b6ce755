-- names in messages for fields, methods and upvalues
local cfg = {}
local function try(f) print(select(2, pcall(f))) end
try(function() return cfg.db.host end)
try(function() cfg.handler() end)
try(function() cfg:method() end)
try(function() return cfg.count + 1 end)
try(function() return cfg.name .. "x" end)
try(function() local a = {b = {}} return a.b.c.d end)
try(function() return cfg[1] + 1 end)
local k = "key"
try(function() return cfg[k].x end)
try(function() local n = cfg.n; return n < 1 end)
