print(loadfile("nofile.lua")) print(loadstring("x=")) print(loadstring("x=", "=mychunk")) print(loadstring("x=", "@file.lua")) print(loadstring("x=", "chunky")) print(pcall(dofile, "nofile.lua")) print(type(load(function() return nil end))) local i = 0 print(load(function() i = i + 1 if i == 1 then return "return 1 +" elseif i == 2 then return " 41" end end)()) print(pcall(load, 5))
print(xpcall(function() error("e") end, function(m) return "handled: " .. m end)) print(xpcall(function() return 1, 2 end, print)) print(xpcall(function() error("e") end, function(m) error("again") end)) print(getfenv(0) == _G, getfenv(1) == _G, getfenv(print) == _G) print(pcall(getfenv, 5)) print(gcinfo() > 0, type(newproxy()), getmetatable(newproxy(true)) ~= nil)
local function f() return x end
setfenv(f, {x = "from env"}) print(f())
local function g() setfenv(1, {print = print, y = 5}) print(y) end g()
print(loadstring("return ...")(1, 2, 3))
local chunk = string.dump and nil
print(select('#', loadstring("return")()))
print(xpcall(function() local t = nil; return t.x end, function(m) return "H:" .. m end))
print(pcall(setfenv, print, {}))
