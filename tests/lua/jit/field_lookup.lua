-- Field and method lookup through hash chains and one level of __index tables, with the
-- shapes changing under compiled code.

local Base = {}
Base.__index = Base
function Base.new(x) return setmetatable({ x = x }, Base) end
function Base:get() return self.x end
function Base:kind() return "base" end

local Derived = setmetatable({}, { __index = Base })
Derived.__index = Derived
function Derived.new(x) return setmetatable({ x = x, y = 1 }, Derived) end
function Derived:kind() return "derived" end

local function run(objs)
  local s, kinds = 0, {}
  for i = 1, #objs do
    local o = objs[i]
    s = s + o:get() + (o.y or 0) + (o.missing == nil and 1 or 1000)
    kinds[o:kind()] = (kinds[o:kind()] or 0) + 1
  end
  return s, kinds.base or 0, kinds.derived or 0
end

local objs = {}
for i = 1, 200 do objs[i] = (i % 3 == 0) and Derived.new(i) or Base.new(i) end
for r = 1, 5 do print("round", r, run(objs)) end

-- A method added to the class after compilation, an instance overriding it.
function Base:get() return self.x * 2 end
objs[1].get = function() return -1 end
print("changed", run(objs))

-- __index becomes a function, then a table with its own __index function.
Base.__index = function(t, k) if k == "get" then return function() return 7 end end
  if k == "kind" then return function() return "fn" end end end
print("function index", run(objs))
Base.__index = setmetatable({}, { __index = function(t, k)
  if k == "get" then return function(self) return rawget(self, "x") end end
  if k == "kind" then return function() return "deep" end end end })
print("deep index", run(objs))

-- Many keys: lookups that are not in their main node (collision chains).
local t = {}
for i = 1, 300 do t["k" .. i] = i end
local function sum_fields(t)
  return t.k1 + t.k2 + t.k3 + t.k50 + t.k150 + t.k299 + t.k300 + (t.k301 or 0)
end
local acc = 0
for i = 1, 300 do acc = acc + sum_fields(t) end
t.k150 = nil
local ok, err = pcall(sum_fields, t)
print("chains", acc, ok, (string.gsub(err, "^.-:%d+: ", "")))

-- Stores to existing and nil-valued fields; __newindex only for absent keys.
local log = {}
local proxy = setmetatable({ a = 1 }, { __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end })
for i = 1, 300 do proxy.a = i; proxy["b" .. (i % 3)] = i end
print("newindex", proxy.a, #log, log[1], log[2], log[3])
local m = {}
for i = 1, 300 do m.f = i; m.f = nil end
local mt = {}
local obj = setmetatable({}, mt)
for i = 1, 300 do mt.__index = nil; mt.__index = { v = i } end
print("metatable edits", m.f, obj.v)

-- Method calls on non-tables.
local s = "abc"
for i = 1, 300 do s = ("x"):rep(2) .. s:sub(1, 3) end
print("string methods", s)
print(pcall(function() local n = 5; return n:foo() end))
