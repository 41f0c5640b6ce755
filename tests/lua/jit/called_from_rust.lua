-- Lua functions called from the runtime (table.sort comparators, gsub callbacks,
-- metamethods) while hot: results, errors, deopts and yields across that boundary.

-- a hot comparator
local t = {}
for i = 1, 300 do t[i] = (i * 37) % 101 end
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2], t[150], t[300])

-- a comparator whose operand types change (numbers, then strings) deoptimizes
local function cmp(a, b) return a < b end
for round = 1, 3 do
  local u = {}
  for i = 1, 200 do
    if round == 2 then u[i] = "k" .. ((i * 13) % 97) else u[i] = (i * 13) % 97 end
  end
  table.sort(u, cmp)
  print(round, u[1], u[100], u[200])
end

-- an error raised in a hot comparator is caught by the pcall around sort
local calls = 0
local ok, err = pcall(table.sort, t, function(a, b)
  calls = calls + 1
  if calls == 250 then error("boom at " .. calls) end
  return a < b
end)
print(ok, err)
ok, err = pcall(table.sort, t, function(a, b)
  calls = calls + 1
  if calls == 600 then return a.x < b end
  return a < b
end)
print(ok, err)
ok, err = pcall(table.sort, t, function(a, b)
  calls = calls + 1
  if calls == 900 then error({ code = calls }) end
  return a < b
end)
print(ok, type(err), err.code)

-- pcall inside the comparator
local caught = 0
table.sort(t, function(a, b)
  local ok2 = pcall(function() if a == b then error("eq") end end)
  if not ok2 then caught = caught + 1 end
  return a < b
end)
print(t[1], t[300], caught > 0)

-- a hot gsub callback, with an error on one call
local n = 0
local s = string.rep("abc ", 300):gsub("%a+", function(w) n = n + 1; return w:upper() .. n % 7 end)
print(#s, s:sub(1, 20), n)
ok, err = pcall(string.gsub, string.rep("x", 400), "x", function(c)
  n = n + 1
  if n == 500 then local z = nil; return z.field end
  return c
end)
print(ok, err)

-- hot metamethods called by the runtime
local V = {}
V.__index = function(tb, k) return k * 2 end
V.__add = function(a, b) return setmetatable({ v = rawget(a, "v") + rawget(b, "v") }, V) end
V.__lt = function(a, b) return rawget(a, "v") < rawget(b, "v") end
local acc = setmetatable({ v = 0 }, V)
local one = setmetatable({ v = 1 }, V)
local sum, less = 0, 0
for i = 1, 500 do
  sum = sum + acc[i]
  acc = acc + one
  if one < acc then less = less + 1 end
end
print(sum, rawget(acc, "v"), less)

-- a yield from a comparator is a C-call boundary error, inside the coroutine
local co = coroutine.create(function()
  local w = { 3, 1, 2 }
  table.sort(w, function(a, b) coroutine.yield(a) return a < b end)
  return "not reached"
end)
print(coroutine.resume(co))

-- runaway recursion inside a comparator is a Lua error
local function deep(k) return deep(k + 1) + 1 end
ok, err = pcall(table.sort, { 2, 1, 3 }, function(a, b) return deep(1) < 0 end)
print(ok, err)

-- comparators calling sort calling comparators, deeply: a Lua error ("C stack overflow")
local function nest(n)
  local w = { 3, 1, 2 }
  table.sort(w, function(a, b) if n > 0 then nest(n - 1) end return a < b end)
end
print(pcall(nest, 100000))
