-- Calls between compiled functions: argument count mismatches, open results, tail calls
-- (fixed and open argument lists), frames with captured locals, pcall around tail calls,
-- deep recursion and errors raised several compiled frames down.

local function add3(a, b, c) return (a or 0) + (b or 0) + (c or 0) end
local function two() return 1, 2 end
local function none() end
local function many() return 1, 2, 3, 4 end
local function vsum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end

local acc = 0
for i = 1, 300 do
  acc = acc + add3(i) + add3(i, 1) + add3(i, 1, 2) + add3(i, 1, 2, 3, 4)
  acc = acc + add3(two()) + add3(many()) + add3(i, two())
  local x, y, z = two()
  acc = acc + x + y + (z == nil and 1 or 100)
  local p, q = none()
  acc = acc + ((p == nil and q == nil) and 1 or 1000)
  acc = acc + vsum(i, two()) + vsum(many()) + vsum()
  acc = acc + select("#", many()) + select("#", none())
end
print("mismatch", acc)

-- Tail calls: fixed arguments, open arguments, through a vararg function.
local function count(n, a) if n == 0 then return a end return count(n - 1, a + 1) end
local function count_open(n, a)
  if n == 0 then return a end
  return count_open(two() == 1 and n - 1 or n, a + 1)
end
local function tv(n, ...) if n == 0 then return select("#", ...) end return tv(n - 1, ...) end
print("tail", count(100000, 0), count_open(50000, 0), tv(1000, 1, 2, 3))

-- A tail call from a frame whose locals are captured: the upvalue must be closed first.
local function maker(n)
  local v = n * 2
  local f = function() return v end
  if n > 0 then return f, maker(n - 1) end
  return f
end
local fs = { maker(5) }
local s = 0
for i = 1, #fs do s = s + fs[i]() end
print("captured", #fs, s)

local keep = {}
local function capture_then_tail(n)
  local local_v = n
  keep[#keep + 1] = function() return local_v end
  if n == 0 then return 0 end
  return capture_then_tail(n - 1)
end
for i = 1, 50 do keep = {}; capture_then_tail(20) end
print("closed", #keep, keep[1](), keep[21]())

-- pcall around a chain of tail calls that ends in an error.
local function boom(n) if n == 0 then error("boom at the end") end return boom(n - 1) end
for i = 1, 3 do print(pcall(boom, 300)) end
local function safe(n) if n == 0 then return "done" end return safe(n - 1) end
print(pcall(safe, 1000))

-- Deep (non-tail) recursion stays within Lua 5.1's limits.
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("depth", depth(15000))

-- Runaway recursion is a Lua error, not a crash.
local function runaway(n) return 1 + runaway(n + 1) end
local ok, msg = pcall(runaway, 1)
print("runaway", ok, (string.gsub(msg, "^.-:%d+: ", "")))

-- Errors several compiled frames down keep their position.
local function lvl3(t) return t.x.y end
local function lvl2(t) return lvl3(t) + 1 end
local function lvl1(t) return lvl2(t) * 2 end
for i = 1, 250 do lvl1({ x = { y = i } }) end
print(pcall(lvl1, { x = 5 }))
print(pcall(lvl1, {}))

-- A callee changing type after compilation: a direct call site must notice.
local callee = function(x) return x + 1 end
local function caller(v) return callee(v) end
local t = 0
for i = 1, 300 do t = t + caller(i) end
callee = setmetatable({}, { __call = function(self, x) return x * 10 end })
for i = 1, 3 do t = t + caller(i) end
callee = print
caller("via print")
callee = nil
print(t, pcall(caller, 1))
