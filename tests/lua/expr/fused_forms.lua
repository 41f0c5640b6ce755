-- Expressions and stores the compiler turns into fused instructions: arithmetic with the
-- left operand computed and the right one a local or constant, and stores into tables held
-- in locals. Results, evaluation order, metamethods and error names must be unchanged.
local x, y = 3, 4
local t = {}
print(2.0 * x * y + 1, (x + 1) * y, 10 - x - y, 7 % x ^ 2, (x * y) / y)
print(2 ^ x ^ 2, (x + y) % 3, (x + y) ^ 0.5, -x * y - 0.5, (x - y) % -3)
print(("10") * x, (x .. "") + 1, ("0x10") + y)
print(pcall(function() local s = "a"; return (x + 1) + s end))
print(pcall(function() local s; return (x + 1) * s end))
print(pcall(function() return (x + 1) - t end))
print(pcall(function() return t.z + 1 end))
print(pcall(function() return y + t.q * 2 end))
print(pcall(function() return (t.z) ^ 2 end))
local mt = {__add = function(a, b) return "add:" .. type(a) .. "," .. type(b) end,
            __mul = function(a, b) return "mul:" .. type(a) .. "," .. type(b) end}
local o = setmetatable({}, mt)
print(o + 1, 1 + o, (o) + x, (x + 0) * o, o * 2)

-- Stores into a local table read the table and key locals after the value is computed,
-- as Lua 5.1's SETTABLE reads its registers.
local i = 1
local function bump() i = i + 1; return "v" .. i end
t[i] = bump()
print(t[1], t[2], i)
local k = 3
t[k] = "a"; t.x = 5; t[1] = true
print(t[3], t.x, t[1])
local u
print(pcall(function() u[1] = 2 end))
print(pcall(function() u.f = 2 end))
print(pcall(function() local q = nil; q.f = 2 end))
print(pcall(function() local q = 5; q[1] = 2 end))
print(pcall(function() t[nil] = 2 end))
print(pcall(function() t[0 / 0] = 2 end))
local proxy = setmetatable({}, {__newindex = function(tb, kk, vv) print("newindex", kk, vv) end})
proxy.a = 1; proxy[k] = 2
local s = "str"
print(pcall(function() s.x = 1 end))
local arr = {}
for j = 1, 10 do arr[j] = j * j end
for j = 1, 10, 3 do arr[j] = nil end
print(arr[2], arr[3], arr[10], arr[1])
local fields = {}
for j = 1, 5 do fields.n = (fields.n or 0) + j end
print(fields.n)

-- Multiple assignment into local tables: values first, stores from the last target to the
-- first, keys read at store time.
local a = {10, 20, 30, 40}
local p, q = 1, 4
a[p], a[q] = a[q], a[p]
print(a[1], a[2], a[3], a[4])
local rec = {}
rec.x, rec.y, rec[p] = 1, 2
print(rec.x, rec.y, rec[1])
local log = {}
local spy = setmetatable({}, {__newindex = function(tb, kk, vv) log[#log + 1] = kk .. "=" .. tostring(vv) end})
local kk = "k"
spy.a, spy[kk], spy.c = 1, 2, 3, 4
print(table.concat(log, " "))
local r = 1
local function step() r = r + 1; return r end
a[r], a[p] = step(), step()
print(a[1], a[2], a[3], r)
print(pcall(function() local none; none.x, a[1] = 1, 2 end))
print(a[1])
