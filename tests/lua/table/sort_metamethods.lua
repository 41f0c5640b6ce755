-- table.sort uses __lt without a comparator
local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
local function V(v) return setmetatable({v = v}, mt) end
local t = {V(5), V(2), V(9), V(1), V(7), V(3)}
table.sort(t)
local out = {}
for i, x in ipairs(t) do out[i] = x.v end
print(table.concat(out, " "))
-- counting __lt calls
local n = 0
local mt2 = {__lt = function(a, b) n = n + 1; return a[1] < b[1] end}
local u = {}
for i = 1, 30 do u[i] = setmetatable({(i * 17) % 31}, mt2) end
table.sort(u)
out = {}
for i, x in ipairs(u) do out[i] = x[1] end
print(n, table.concat(out, " "))
-- mixing objects with different metatables (5.1 requires the same __lt)
local other = setmetatable({v = 0}, {__lt = mt.__lt})
print(pcall(table.sort, {V(1), other}))
-- __lt on one kind only against numbers
print(pcall(table.sort, {V(1), 2}))
-- __le alone is not enough
local le = {__le = function() return true end}
print(pcall(table.sort, {setmetatable({}, le), setmetatable({}, le)}))
-- table.sort with a comparator that modifies the table
local m = {5, 4, 3, 2, 1}
print(pcall(table.sort, m, function(a, b) m[6] = nil; return a < b end))
print(table.concat(m, " "))
-- a comparator that collects garbage
local g = {}
for i = 1, 200 do g[i] = {k = (i * 37) % 101} end
table.sort(g, function(a, b) collectgarbage("step"); return a.k < b.k end)
local okk = true
for i = 2, #g do if g[i - 1].k > g[i].k then okk = false end end
print(okk, g[1].k, g[200].k)
