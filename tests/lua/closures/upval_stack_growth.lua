-- Open upvalues stay attached to their variables while the stack they live in grows
-- (deep recursion, in the main thread and in a coroutine) and after they are closed.

local function outer()
  local x = 1
  local function get() return x end
  local function set(v) x = v end
  local function deep(n)
    if n == 0 then set(x + 1); return get() end
    return deep(n - 1) + 0
  end
  print(deep(5000), get(), x)
  x = 10
  print(deep(15000), get(), x)
  return get, set
end

local get, set = outer()
print(get())
set(42)
print(get())

-- The captured variable lives in a coroutine's stack, which grows after the capture.
local co = coroutine.create(function(a)
  local v = a
  local function bump() v = v + 1; return v end
  local function down(n)
    if n == 0 then return bump() end
    local r = down(n - 1)
    return r
  end
  coroutine.yield(bump)
  print("in co", down(3000), v)
  coroutine.yield(function() return v end)
  v = "done"
  return v
end)
local ok, bump = coroutine.resume(co, 100)
print(ok, bump(), bump())
local ok2, peek = coroutine.resume(co)
print(ok2, peek(), bump())
print(coroutine.resume(co))
print(peek(), bump ~= nil, coroutine.status(co))

-- Many upvalues over the same slots, created at different stack depths.
local fs = {}
local function make(n)
  local a, b = n, n * 2
  fs[#fs + 1] = function() a = a + 1; return a + b end
  if n > 0 then return make(n - 1) end
  return a
end
print(make(300))
local s = 0
for i = 1, #fs do s = s + fs[i]() end
print(#fs, s)
