-- debug.sethook / gethook / setlocal: call, return, line and count events as Lua 5.1 fires them.
local function f(x)
  local y = x + 1
  return y * 2
end

-- line events: function entry, new lines, backward jumps
local lines = {}
debug.sethook(function(e, l) lines[#lines + 1] = e .. l end, "l")
local a = 1
local b = f(a)
for i = 1, 2 do
  a = a + i
end
debug.sethook()
print(table.concat(lines, " "))
print(a, b)
print(debug.gethook())

-- call and return events, natives included (print calls tostring)
local ev = {}
debug.sethook(function(e) ev[#ev + 1] = e end, "cr")
f(1)
print(math.floor(2.5))
debug.sethook()
print(table.concat(ev, ","))

-- tail calls: one "tail return" after the return of a frame that replaced others
local function leaf() return 1 end
local function mid() return leaf() end
ev = {}
debug.sethook(function(e) ev[#ev + 1] = e end, "cr")
mid()
debug.sethook()
print(table.concat(ev, ","))

-- the hooked function is level 2 inside the hook
local names = {}
debug.sethook(function(e)
  local info = debug.getinfo(2, "nS")
  names[#names + 1] = e .. ":" .. tostring(info.name) .. ":" .. info.what
end, "c")
f(2)
debug.sethook()
print(table.concat(names, " "))

-- count events
local n = 0
debug.sethook(function() n = n + 1 end, "", 1)
for i = 1, 1000 do end
debug.sethook()
print(n > 1000, n < 1012)
debug.sethook(function() n = n + 1 end, "", 4)
n = 0
for i = 1, 1000 do end
local _, m, c = debug.gethook()
debug.sethook()
print(n > 250, n < 255, m, c)
debug.sethook(print, "", 2 ^ 24 - 1)
print(select(3, debug.gethook()))
debug.sethook()
-- an empty mask without a count is no hook
debug.sethook(print, "")
print(debug.gethook() == print, select(2, debug.gethook()))
debug.sethook()

-- hooks do not fire inside hooks; errors in hooks reach the code that triggered them
local inside = 0
debug.sethook(function()
  inside = inside + 1
  f(1)
end, "c")
f(1)
debug.sethook()
print(inside)
local fired = false
print(pcall(function()
  debug.sethook(function()
    if not fired then fired = true; error("from hook") end
  end, "c")
  f(1)
end))
debug.sethook()

-- per-thread hooks; a coroutine starts with its creator's
local co = coroutine.create(function()
  local h = debug.gethook()
  coroutine.yield(h ~= nil)
  return debug.gethook() ~= nil
end)
local hk = function() end
debug.sethook(co, hk, "l")
print(debug.gethook(co) == hk, debug.gethook())
print(coroutine.resume(co))
print(coroutine.resume(co))
debug.sethook(hk, "c")
local co2 = coroutine.create(function() return debug.gethook() == hk end)
debug.sethook()
print(coroutine.resume(co2))

-- setlocal
local function g(p, q)
  local r = p + q
  local function h()
    print(debug.setlocal(2, 3, 99), debug.setlocal(2, 1, "x"), debug.setlocal(2, 9, 0))
  end
  h()
  print(p, q, r)
end
g(1, 2)
print(pcall(debug.setlocal, 50, 1, 1))
print(pcall(debug.sethook, print))

-- no hooks inside finalizers
local proxy = newproxy(true)
getmetatable(proxy).__gc = function() print("finalized") end
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
proxy = nil
collectgarbage()
debug.sethook()
print(calls)
