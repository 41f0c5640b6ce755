-- Coroutines: two coroutines play ping-pong through a scheduler (resume/yield passing values
-- both ways), plus a chain of generator filters built with coroutine.wrap.
-- Usage: coroutines.lua [exchanges]
local exchanges = tonumber(arg and arg[1]) or 2500000

local create, resume, yield, wrap, status =
  coroutine.create, coroutine.resume, coroutine.yield, coroutine.wrap, coroutine.status

-- ping-pong: each player receives a ball, adds to it and yields it back
local function player(id)
  return create(function(ball)
    while true do
      ball = yield((ball * 3 + id) % 1000003)
    end
  end)
end

local ping, pong = player(1), player(2)
local ball = 7
for _ = 1, exchanges do
  local ok, b = resume(ping, ball)
  if not ok then error(b) end
  ok, ball = resume(pong, b)
  if not ok then error(ball) end
end

-- generators: numbers -> keep those not divisible by 3 -> square -> sum
local function numbers(limit)
  return wrap(function()
    for i = 1, limit do yield(i) end
  end)
end
local function filter(gen)
  return wrap(function()
    for v in gen do
      if v % 3 ~= 0 then yield(v) end
    end
  end)
end
local function square(gen)
  return wrap(function()
    for v in gen do yield(v * v % 1000003) end
  end)
end
local sum = 0
for v in square(filter(numbers(exchanges / 2))) do
  sum = (sum + v) % 1000000007
end

-- many short-lived coroutines
local finished = 0
for i = 1, exchanges / 20 do
  local co = create(function(a, b)
    local c = yield(a + b)
    return c * 2
  end)
  local _, x = resume(co, i, 1)
  local _, y = resume(co, x)
  if status(co) == "dead" and y == (i + 1) * 2 then finished = finished + 1 end
end
print("coroutines", exchanges, ball, sum, finished)
