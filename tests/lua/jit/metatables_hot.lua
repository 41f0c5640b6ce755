-- __index / __newindex as functions and as tables in hot loops, metatables
-- swapped or removed while a loop is running, and the remaining
-- metamethods (__eq, __lt, __le, __concat, __len, __unm, __call, __mod,
-- __div, __pow) reached from hot call sites.

-- __index chain: instance -> class -> base, read in a hot loop
local Base = { kind = "base", scale = 2 }
Base.__index = Base
local Class = setmetatable({ kind = "class" }, Base)
Class.__index = Class
local objs = {}
for i = 1, 100 do objs[i] = setmetatable({ id = i }, Class) end
local s = 0
for round = 1, 30 do
  for i = 1, #objs do
    local o = objs[i]
    s = s + o.id * o.scale
  end
  if round == 10 then Class.scale = 3 end          -- shadow the base field
  if round == 20 then Class.scale = nil; Base.scale = "4" end -- string, coerced
end
print("chain", s, objs[1].kind, rawget(objs[1], "kind"))

-- __index function with a counter, then replaced by a table mid-loop
local calls = 0
local mt = { __index = function(t, k) calls = calls + 1; return k .. "!" end }
local p = setmetatable({}, mt)
local got = {}
for i = 1, 2000 do
  local v = p["key" .. (i % 3)] or "none"
  if i == 1000 then mt.__index = { key0 = "T0", key1 = "T1" } end
  got[v] = (got[v] or 0) + 1
end
print("index switch", calls, got["key0!"], got["key1!"], got["key2!"], got.T0, got.T1, got.none)

-- __newindex function logging writes, table redirecting writes, then removed
local log = 0
local store = {}
local w = setmetatable({}, { __newindex = function(t, k, v) log = log + 1; rawset(t, k, v * 2) end })
for i = 1, 2000 do w[i % 50 + 1] = i end   -- only the first write of each key hits __newindex
print("newindex fn", log, w[1], w[50], #w)
local r = setmetatable({}, { __newindex = store })
for i = 1, 2000 do r[i] = i end
print("newindex tbl", rawget(r, 1), store[1], store[2000], #store)
setmetatable(r, nil)
for i = 1, 10 do r[i] = -i end
print("newindex removed", r[1], r[10], store[1])

-- __eq only called for two tables (not for rawequal or different types)
local eqcalls = 0
local E = { __eq = function(a, b) eqcalls = eqcalls + 1; return a.v == b.v end }
local e1, e2, e3 = setmetatable({ v = 1 }, E), setmetatable({ v = 1 }, E), setmetatable({ v = 2 }, E)
local eqs = 0
for i = 1, 1000 do
  if e1 == e2 then eqs = eqs + 1 end
  if e1 ~= e3 then eqs = eqs + 1 end
  if e1 == 1 then eqs = eqs + 1000 end
  if e1 == e1 then eqs = eqs + 1 end
end
print("eq", eqs, eqcalls, rawequal(e1, e2))

-- __lt / __le with mixed operand order; __le falls back to not __lt
local L = {}
L.__lt = function(a, b) return a.v < b.v end
local function mk(v) return setmetatable({ v = v }, L) end
local lt, le = 0, 0
for i = 1, 1000 do
  local a, b = mk(i % 7), mk(i % 5)
  if a < b then lt = lt + 1 end
  if a > b then lt = lt + 100 end
  if a <= b then le = le + 1 end
  if a >= b then le = le + 100 end
end
print("lt/le", lt, le)
print(pcall(function() return mk(1) < 1 end))

-- __concat, __len, __unm, arithmetic metamethods returning varying types
local M = {}
M.__concat = function(a, b)
  local x = type(a) == "table" and "<" .. a.v .. ">" or a
  local y = type(b) == "table" and "<" .. b.v .. ">" or b
  return x .. y
end
M.__len = function(a) return a.v * 10 end
M.__unm = function(a) return -a.v end
M.__mod = function(a, b) return "mod" end
M.__div = function(a, b) return { v = 99 } end
M.__pow = function(a, b) return 2 end
local m = setmetatable({ v = 3 }, M)
local cat = ""
local lens = 0
for i = 1, 1000 do
  if i % 200 == 0 then cat = cat .. m .. i .. "," end
  lens = lens + #m + -m
end
print("concat", cat, "x" .. m, m .. m)
print("len/unm", lens, #m, -m, m % 1, (m / 1).v, m ^ 5, 5 ^ m)

-- __call with varying arities and return counts
local C = setmetatable({}, { __call = function(self, ...) return select('#', ...), ... end })
local total = 0
for i = 1, 1000 do
  local n, a, b = C(i, nil, i)
  total = total + n + a + (b or 0)
end
print("call", total, C(), (C(1, 2, 3)))

-- setmetatable changed while a hot function reads through it
local function read(o) return o.x end
local holder = {}
local sum = 0
for i = 1, 3000 do
  if i == 1000 then setmetatable(holder, { __index = function() return 5 end }) end
  if i == 2000 then setmetatable(holder, { __index = { x = "10" } }) end
  local v = read(holder)
  sum = sum + (v or 1)
end
print("setmt", sum)

-- protected metatables
local prot = setmetatable({}, { __metatable = "locked" })
print("locked", getmetatable(prot), pcall(setmetatable, prot, {}))
-- string metatable __index gives methods to strings
local up = 0
for i = 1, 1000 do up = up + ("abc"):len() + #("x"):rep(i % 3) end
print("string methods", up, ("%d-%s"):format(5, "z"))
