-- Each thread has its own global table (getfenv(0)): a coroutine starts with its creator's,
-- debug.getfenv/setfenv reach a thread's, and code loaded inside a thread sees its globals.
local env = {marker = 15}
local c2 = coroutine.create(function()
  coroutine.yield(getfenv(0))
  return loadstring("return marker")()
end)
print(debug.setfenv(c2, env) == c2, debug.getfenv(c2) == env)
print(select(2, coroutine.resume(c2)) == env)
print(select(2, coroutine.resume(c2)))
print(getfenv(0) == _G, loadstring("return marker")())
print(debug.getfenv(coroutine.create(function() end)) == _G)

-- A coroutine created inside a coroutine gets that coroutine's globals.
local outer = coroutine.create(function()
  local inner = coroutine.create(function() return loadstring("return who")() end)
  return coroutine.resume(inner)
end)
debug.setfenv(outer, {who = "outer's globals"})
print(coroutine.resume(outer))

-- The main thread's globals, changed with setfenv(0, t), are what new chunks and new
-- coroutines see; the running function keeps its own environment.
local G = _G
local mine = {print = print, tostring = tostring, loadstring = loadstring, coroutine = coroutine, tag = "main"}
setfenv(0, mine)
print(loadstring("return tag")(), G.tag)
print(coroutine.resume(coroutine.create(function() return loadstring("return tag")() end)))
setfenv(0, G)
print(loadstring("return tag")())
