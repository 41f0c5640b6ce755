-- Values passed through resume/yield/return in both directions: none, a few, many (more
-- than any small inline buffer), nils at the ends, through coroutine.wrap too.
local function show(...)
  local n = select("#", ...)
  local t = {}
  for i = 1, n do t[i] = tostring((select(i, ...))) end
  return n .. ":" .. table.concat(t, ",")
end

local co = coroutine.create(function(...)
  print("start", show(...))
  local a = { coroutine.yield() }
  print("got", #a)
  print("got", show(coroutine.yield(1, nil, 3)))
  print("got", show(coroutine.yield(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)))
  print("got", show(coroutine.yield(nil, nil)))
  return nil, "r2", nil, 4, 5, 6, 7, 8
end)
print(show(coroutine.resume(co, 1, 2, 3, 4, 5, 6, 7, 8, 9)))
print(show(coroutine.resume(co)))
print(show(coroutine.resume(co, "a", nil)))
print(show(coroutine.resume(co, 1, 2, 3, 4, 5, 6, 7)))
print(show(coroutine.resume(co, nil, nil, nil)))
print(show(coroutine.resume(co)))
print(coroutine.status(co))

local gen = coroutine.wrap(function(...)
  local args = { ... }
  for i = 1, #args do coroutine.yield(i, args[i], unpack(args, i)) end
  return "done", ...
end)
for i = 1, 9 do print(show(gen(10, 20, 30, 40, 50, 60, 70, 80))) end

-- a long ping-pong with a changing number of values
local pp = coroutine.wrap(function(x)
  local s = 0
  while true do
    s = s + x
    local n = x % 9
    local vals = {}
    for i = 1, n do vals[i] = i end
    x = coroutine.yield(s, unpack(vals, 1, n))
  end
end)
local total = 0
for i = 1, 2000 do
  local r = { pp(i) }
  total = total + r[1] + #r
end
print(total)
