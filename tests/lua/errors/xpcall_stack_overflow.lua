-- An xpcall message handler runs even when the error is a stack overflow (it gets a few
-- frames past the limit); a handler that overflows itself gives "error in error handling".
local function y() return 1 + y() end
print(xpcall(y, function(m) return "H:" .. m end))

local function z() z() end
local ok, tb = xpcall(z, debug.traceback)
print(ok, (tb:match("^[^\n]*")))
print((select(2, tb:gsub("\n", "\n")) > 20))

local function deep(n) if n > 0 then return 1 + deep(n - 1) end return 0 end
print(xpcall(y, function(m) return deep(100) end))

local function h(m) return h(m) .. "x" end
print(xpcall(y, h))
print(pcall(y))
