local co; co = coroutine.create(function() print(coroutine.resume(co)) print(coroutine.status(co)) coroutine.yield(1) end)
print(coroutine.resume(co)); print(coroutine.resume(co)); print(coroutine.resume(co))
print(coroutine.running())
print(pcall(coroutine.yield, 1))
print(coroutine.resume(coroutine.create(function() return pcall(coroutine.yield, 5) end)))
local w2 = coroutine.wrap(function() error({}) end)
print(select('#', pcall(w2)), type(select(2, pcall(w2))))
print(pcall(coroutine.create, print))
local co2 = coroutine.create(function(a, b) local c = coroutine.yield(a + b) local d, e = coroutine.yield(c * 2) return d + e end)
print(coroutine.resume(co2, 1, 2)) print(coroutine.resume(co2, 10)) print(coroutine.resume(co2, 3, 4)) print(coroutine.resume(co2))
local mt = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
print(coroutine.resume(coroutine.create(function() return mt.x end)))
-- generators
local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local s = 0 for v in gen(10) do s = s + v end print(s)
-- thousands of yields
local co4 = coroutine.wrap(function() local i = 0 while true do i = i + 1 coroutine.yield(i) end end)
local last for i = 1, 10000 do last = co4() end print(last)
-- producer/consumer
local function producer() return coroutine.create(function() for _, w in ipairs({"a", "b", "c"}) do coroutine.yield(w) end end) end
local function filter(p) return coroutine.create(function() while true do local ok, v = coroutine.resume(p) if not v then break end coroutine.yield(v .. v) end end) end
local f = filter(producer())
while true do local ok, v = coroutine.resume(f) if not v then break end io_ = v print(v) end
-- nested coroutine status
local outer; outer = coroutine.create(function()
  local inner = coroutine.create(function() print("outer from inner:", coroutine.status(outer)) end)
  coroutine.resume(inner)
end)
coroutine.resume(outer)
print(coroutine.status(outer))
-- deep recursion inside a coroutine, and yields from nested Lua calls
local co5 = coroutine.create(function()
  local function rec(n) if n == 0 then coroutine.yield("bottom") return 0 end return 1 + rec(n - 1) end
  return rec(5000)
end)
print(coroutine.resume(co5)) print(coroutine.resume(co5))
print(coroutine.resume(coroutine.create(function() local t = nil; return t.x end)))
