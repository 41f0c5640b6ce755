-- debug.traceback and debug.getinfo given a coroutine: its levels (a suspended one starts at
-- the yield, a dead one at its error), starting at level 0; no host level below a coroutine.
local function f(n) if n > 0 then return f(n-1) else coroutine.yield() end end
local co = coroutine.create(function(x) local y = f(x); return y end)
coroutine.resume(co, 1)
print(debug.traceback(co))
print(debug.traceback(co, "msg"))
print(debug.traceback(co, "msg", 1))
local co2 = coroutine.create(function() local t = nil; return t.x end)
local ok, err = coroutine.resume(co2)
print(ok, err)
print(debug.traceback(co2, err))
print(debug.traceback(co2))
local co3 = coroutine.create(function() return 1 end)
print(debug.traceback(co3))
coroutine.resume(co3)
print(debug.traceback(co3, "done"))
coroutine.wrap(function() print(debug.traceback("in co")) end)()
local co = coroutine.create(function() error("boom") end)
print(coroutine.resume(co))
local function f2(n) if n > 0 then return f2(n-1) else coroutine.yield() end end
local co = coroutine.create(function(x) local y = f2(x); return y end)
coroutine.resume(co, 1)
for l = 0, 4 do
  local i = debug.getinfo(co, l, "Sln")
  if i then print(l, i.what, i.short_src, i.currentline, i.name, i.namewhat) else print(l, nil) end
end
print(debug.getinfo(co, 10))
local i = debug.getinfo(co, print, "S")
print(i and i.what)
-- Argument errors count the thread as argument 1.
local fresh = coroutine.create(function() end)
print(pcall(debug.getinfo, fresh))
print(pcall(debug.getinfo, fresh, "x"))
print(pcall(debug.getinfo, fresh, 0, "q"))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo, 1, "q"))
print(pcall(debug.getinfo, 1, {}))
print(debug.getinfo("1", "l").currentline)
