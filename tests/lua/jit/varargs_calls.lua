-- Varargs, select('#', ...), multiple results adjusted in the middle and
-- at the end of expression lists, unpack, and tail calls in hot code.

local function count(...) return select('#', ...) end
local function pass(...) return ... end
local function two() return 1, 2 end
local function none() end
local function many(n) local t = {} for i = 1, n do t[i] = i end return unpack(t) end

local c = 0
for i = 1, 2000 do
  c = c + count(pass(i, nil, i)) + count(two(), two()) + count(two(), none())
      + count(none(), two()) + count((two())) + count(nil, nil) + count(many(i % 6))
end
print("counts", c)
print(count(), count(nil), count(none()), count(none(), none()), count(pass()))

-- select with negative and out-of-range indices
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
print(pcall(select, 0, "a"), pcall(select, -4, "a", "b", "c"))
print(select(5, 1, 2), count(select(5, 1, 2)))

-- varargs in table constructors: only the last position expands
local function pack(...) return { n = select('#', ...), ... } end
local tot = 0
for i = 1, 1000 do
  local t = pack(two(), i, two())
  local u = { two(), two(), (two()) }
  local v = { pass(i, i + 1), pass(i + 2, i + 3) }
  tot = tot + t.n + #t + #u + #v + v[2] + v[3]
end
print("constructors", tot)

-- multiple assignment adjusts to the number of targets
local a, b, cc, d = two()
print("assign", a, b, cc, d)
a, b, cc, d = 0, two()
print("assign2", a, b, cc, d)
a, b, cc = two(), 10
print("assign3", a, b, cc)

-- vararg functions whose arguments change type; arithmetic on the extras
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if v ~= nil then s = s + v end
  end
  return s
end
local st = 0
for i = 1, 1500 do
  if i < 500 then st = st + sum(i, i, i)
  elseif i < 1000 then st = st + sum(tostring(i), nil, 0.5)
  else st = st + sum(unpack({ i, i * 2, nil, i * 3 }, 1, 4)) end
end
print("sum", st)
print(pcall(sum, 1, {}, 2))

-- ... in the main chunk is the script arguments (none here)
print("main varargs", select('#', ...))

-- arg-count mismatch: missing params are nil, extra are dropped
local function three(x, y, z) return x, y, z end
local miss = 0
for i = 1, 1000 do
  local x, y, z = three(i)
  if y == nil and z == nil then miss = miss + 1 end
  x, y, z = three(i, i, i, i, i)
  miss = miss + z
end
print("mismatch", miss)

-- tail calls: a 100000-iteration tail-recursive loop with changing argument types
local function tloop(n, acc, ...)
  if n == 0 then return acc, select('#', ...) end
  if n % 2 == 0 then return tloop(n - 1, acc + 1, ...) end
  return tloop(n - 1, acc + 1, n, ...)   -- the vararg list grows by one
end
local function tloop2(n, acc)
  if n == 0 then return acc end
  if n > 70000 then return tloop2(n - 1, acc + 1) end   -- number phase
  if n == 70000 then acc = tostring(acc) end
  return tloop2(n - 1, n % 1000 == 0 and acc .. "x" or acc)   -- string phase
end
print("tail", pcall(tloop, 20, 0))
local function tcount(n, acc) if n == 0 then return acc end return tcount(n - 1, acc + 1) end
print("tail count", tcount(100000, 0))
local ts = tloop2(100000, 1)
print("tail string", #ts, string.sub(ts, 1, 8))
-- a tail call through a vararg function and through a method
local obj = { n = 0 }
function obj:step(k, ...) if k == 0 then return self.n, ... end self.n = self.n + 1 return self:step(k - 1, ...) end
print("tail method", obj:step(100000, "x", "y"))
local function tv(n, ...) if n == 0 then return select('#', ...) end return tv(n - 1, ...) end
print("tail varargs", tv(100000, 1, 2, 3, nil))

-- results of calls in the middle of an argument list are truncated to one
local function first(...) return (...) end
local function ret3() return "a", "b", "c" end
local mid = {}
for i = 1, 500 do mid[#mid + 1] = count(ret3(), ret3(), first(ret3())) end
print("middle", mid[1], mid[500], ret3(), (ret3()))
print(string.format("%s|%s|%s", ret3()))
print(math.max(many(50)), math.min(many(50)), select('#', many(200)))
