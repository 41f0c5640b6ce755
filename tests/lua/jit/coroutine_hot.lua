-- Coroutines that yield from inside hot loops and are resumed many times
-- while the types of the values passed in and out change.

-- a generator yielding from a hot loop; the resumer sends values of changing types
local gen = coroutine.create(function(init)
  local acc = init
  for i = 1, 3000 do
    local got = coroutine.yield(acc, i)
    if type(got) == "table" then
      acc = acc + got.v
    elseif got == nil then
      acc = acc
    else
      acc = acc + got          -- numbers and numeric strings
    end
  end
  return "done", acc
end)

local ok, a, b = coroutine.resume(gen, 0)
local total = 0
local steps = 0
while coroutine.status(gen) == "suspended" do
  steps = steps + 1
  local send
  if steps < 1000 then send = steps
  elseif steps < 1500 then send = tostring(steps)
  elseif steps < 2000 then send = steps / 8
  elseif steps < 2500 then send = { v = 1 }
  else send = nil end
  ok, a, b = coroutine.resume(gen, send)
  if type(a) == "number" then total = total + a end
  if steps % 600 == 0 then print(steps, ok, a, b) end
end
print("gen end", steps, ok, a, b, string.format("%.17g", total), coroutine.status(gen))
print("resume dead", coroutine.resume(gen))

-- coroutine.wrap generators used as for-loop iterators
local function evens(n)
  return coroutine.wrap(function()
    for i = 2, n, 2 do coroutine.yield(i, i % 3 == 0 and "three" or i) end
  end)
end
local es, threes = 0, 0
for i, tag in evens(4000) do
  es = es + i
  if tag == "three" then threes = threes + 1 end
end
print("wrap", es, threes)

-- a yield across nested Lua calls inside the coroutine
local function inner(x)
  local y = coroutine.yield(x * 2)
  return y + x
end
local function middle(x) return inner(x) + 1 end
local co = coroutine.wrap(function()
  local s = 0
  for i = 1, 2000 do s = s + middle(i) end
  return "sum", s
end)
local r, extra = co()
local calls = 1
while type(r) == "number" do
  local nxt = r % 4 == 0 and r / 2 or tostring(r)
  r, extra = co(nxt)
  calls = calls + 1
end
print("nested yield", calls, r, extra)

-- errors inside a coroutine after it got hot
local bad = coroutine.create(function()
  local s = 0
  for i = 1, 3000 do
    local v = coroutine.yield(s)
    s = s + v
  end
end)
local st, last = coroutine.resume(bad)
for i = 1, 2000 do st, last = coroutine.resume(bad, i) end
print("before error", st, last)
print("error", coroutine.resume(bad, "oops"))
print("status", coroutine.status(bad))

-- many short-lived coroutines created in a hot loop
local made = 0
for i = 1, 1000 do
  local c = coroutine.create(function(a, b) local x = coroutine.yield(a + b); return x * 2 end)
  local _, p = coroutine.resume(c, i, 1)
  local _, q = coroutine.resume(c, p)
  made = made + q
end
print("short", made)

-- yield with varying numbers of values
local vary = coroutine.wrap(function()
  for i = 1, 600 do coroutine.yield(unpack({ 1, 2, 3, 4, 5 }, 1, i % 6)) end
end)
local counts = 0
for i = 1, 600 do counts = counts + select('#', vary()) end
print("vary", counts)
