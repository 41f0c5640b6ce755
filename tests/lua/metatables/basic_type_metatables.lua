-- debug.setmetatable gives numbers, booleans, nil, functions and threads one shared
-- metatable per type (Lua 5.1); getmetatable sees it, indexing and calls use it.
local mt = {__index = function(a, b) return a + b end}
debug.setmetatable(10, mt)
print(getmetatable(-2) == mt, (10)[3], (10)["3"])
local s = 0
for i = 1, 300 do s = s + (i)[1] end -- hot enough to be compiled
print(s)
mt.__call = function(self, x) return self * x end
print((6)(7))
debug.setmetatable(23, nil)
print(getmetatable(1), pcall(function() return (5)[1] end))

debug.setmetatable(true, {__index = function(a, b) return a or b end})
print((true)[false], (false)[false], getmetatable(true) == getmetatable(false))
debug.setmetatable(false, nil)
print(getmetatable(true))

debug.setmetatable(nil, {__index = function(_, k) return "nil." .. k end})
local n
print(n.field, (nil).x)
debug.setmetatable(nil, nil)
print(pcall(function() return n.field end))

local fmt = {__index = {name = "a function"}, __concat = function(a, b) return "f" .. tostring(b) end}
debug.setmetatable(print, fmt)
print(print.name, (function() end).name, getmetatable(print) == fmt)
print(print .. 1)
debug.setmetatable(print, nil)

local co = coroutine.create(function() end)
debug.setmetatable(co, {__index = {kind = "thread"}})
print(co.kind, coroutine.running() == nil or coroutine.running().kind)
debug.setmetatable(co, nil)
print(pcall(setmetatable, 1, {}))
