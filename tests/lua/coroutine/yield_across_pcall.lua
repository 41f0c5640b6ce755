-- Deliberate extension over Lua 5.1 (required by the product): a coroutine may yield from a
-- Lua function running under pcall. lua5.1 raises "attempt to yield across metamethod/C-call
-- boundary" here; this file's expected output was written by hand from the intended semantics.
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("in pcall")
    error("after " .. x, 0)
  end)
  coroutine.yield(ok, v)
  local ok2, w = pcall(function() return coroutine.yield("again") * 2 end)
  return ok2, w
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "resume"))
print(coroutine.resume(co))
print(coroutine.resume(co, 21))
print(coroutine.resume(co))
