-- Table accesses that stay on the inline path while a function warms up, then leave it:
-- compiled code speculates on them and must resume the interpreter at the exact access
-- (or take the helper path once recompiled) with the same results.

-- Array reads that run past the array part, into the hash part, and onto a metatable.
local function sum(t, n)
  local s = 0
  for i = 1, n do
    local v = t[i]
    if v then s = s + v end
  end
  return s
end
local t = {}
for i = 1, 100 do t[i] = i end
for _ = 1, 300 do assert(sum(t, 100) == 5050) end
print(sum(t, 120))
t[1000] = 7
print(sum(t, 1000))
setmetatable(t, {__index = function(_, k) return k * 2 end})
print(sum(t, 110))

-- Array writes that start inserting, and writes that meet __newindex.
local function fill(t, from, to, v)
  for i = from, to do t[i] = v end
  return t
end
local a = fill({}, 1, 200, 1)
for _ = 1, 300 do fill(a, 1, 200, 2) end
fill(a, 150, 260, 3)
print(#a, a[1], a[150], a[260])
local log = {}
local b = setmetatable(fill({}, 1, 50, 0), {__newindex = function(t, k, v)
  log[#log + 1] = k
  rawset(t, k, v)
end})
fill(b, 40, 55, 9)
print(#log, log[1], log[#log], b[55])

-- Field reads and writes on objects whose fields move to a class, or are removed.
local function step(o)
  o.x = o.x + o.dx
  o.y = o.y + o.dy
  return o.x + o.y
end
local o = {x = 0, y = 0, dx = 1, dy = 2}
local r
for _ = 1, 500 do r = step(o) end
print(r)
local Class = {dx = 10, dy = 20}
local p = setmetatable({x = 1, y = 1}, {__index = Class})
for _ = 1, 20 do r = step(p) end
print(r, rawget(p, "dx"))
local q = {x = 5, dy = 1, dx = 1}
print(pcall(step, q))
local w = setmetatable({x = 1, dx = 1, dy = 1}, {__index = function(_, k) return 100 end,
  __newindex = function(t, k, v) rawset(t, k, v * 2) end})
print(step(w), w.y)

-- Strings indexed like tables (methods through the string metatable) in a hot loop.
local function firsts(list)
  local out = {}
  for i = 1, #list do out[i] = list[i]:sub(1, 1) end
  return table.concat(out)
end
local words = {}
for i = 1, 300 do words[i] = "w" .. i end
print(#firsts(words))
words[5] = 42
print(pcall(firsts, words))

-- The same table read and written several times in a block (cached array part), with an
-- insert in between that moves the array part.
local function swapgrow(t, n)
  for i = 1, n do
    t[i], t[n - i + 1] = t[n - i + 1], t[i]
    t[#t + 1] = t[i]
    t[i] = t[i] + t[#t]
  end
  return t
end
local g = {}
for i = 1, 8 do g[i] = i end
swapgrow(g, 8)
print(table.concat(g, " "))
for _ = 1, 50 do g = {1, 2, 3, 4}; swapgrow(g, 4) end
print(table.concat(g, " "))

-- Field reads speculate that the table has the field itself; a field set to nil, reached
-- through __index, or stored through another name for the same table in between.
local function bump(a, b)
  local x = a.n
  b.n = nil
  a.n = (x or 0) + 1
  return a.n, rawget(a, "n")
end
local obj = {n = 1}
for _ = 1, 300 do bump(obj, {}) end
print(obj.n)
print(bump(obj, obj))
local proto = {n = 100}
local inst = setmetatable({}, {__index = proto, __newindex = function(t, k, v) rawset(t, k, v * 10) end})
print(bump(inst, {}))
local function getn(t) return t.n end
local s = 0
for i = 1, 400 do s = s + getn(i % 100 == 0 and inst or obj) end
print(s)
