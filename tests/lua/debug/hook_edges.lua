-- Debug hook edge cases: yields in hooks, hooks replacing themselves, stack overflow under
-- call hooks, errors in line hooks, counts as C ints, negative levels.
-- yield inside a hook
local co = coroutine.create(function()
  debug.sethook(function() coroutine.yield(1) end, "l")
  local x = 1
  return x
end)
print(coroutine.resume(co))
print(coroutine.status(co))
-- hook that changes the hook
local n = 0
debug.sethook(function(e)
  n = n + 1
  if n == 3 then debug.sethook(function() n = n + 100 end, "c") end
end, "l")
local a = 1
local b = 2
local c = math.floor(3.5)
debug.sethook()
print(n)
-- recursion with call hooks: stack overflow is a Lua error
debug.sethook(function() end, "cr")
local function r(x) return 1 + r(x) end
print(pcall(r, 1))
debug.sethook()
-- error in a line hook inside pcall
print(pcall(function()
  debug.sethook(function(e, l) debug.sethook(); error("line " .. l) end, "l")
  local z = 1
end))
-- count hook with huge count and setlocal with bad levels
debug.sethook(function() end, "", 1e10)
print(select(3, debug.gethook()))
debug.sethook()
print(pcall(debug.setlocal, -1, 1, 1))
print(pcall(debug.getlocal, 1, -5))
print(pcall(debug.sethook, 1, "l"))
