-- table.sort is not stable: the order of elements that compare equal follows the algorithm
local recs = {}
local names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"}
for i, n in ipairs(names) do recs[i] = {key = (i * 5) % 4, name = n} end
table.sort(recs, function(x, y) return x.key < y.key end)
local out = {}
for i, r in ipairs(recs) do out[i] = r.key .. r.name end
print(table.concat(out, " "))
-- descending with ties
table.sort(recs, function(x, y) return x.key > y.key end)
out = {}
for i, r in ipairs(recs) do out[i] = r.key .. r.name end
print(table.concat(out, " "))
-- sort by a coarse key over many elements
local t = {}
for i = 1, 100 do t[i] = i end
table.sort(t, function(a, b) return a % 7 < b % 7 end)
print(table.concat(t, " "))
-- non-strict comparator (<=) on inputs where 5.1 does not detect it
local u = {3, 1, 2, 3, 1, 2, 5, 4}
print(pcall(table.sort, u, function(a, b) return a <= b end))
print(table.concat(u, " "))
local v = {2, 1}
print(pcall(table.sort, v, function(a, b) return a <= b end), table.concat(v, " "))
local w = {1, 1, 1}
print(pcall(table.sort, w, function(a, b) return a <= b end), table.concat(w, " "))
-- comparator that sees every call
local calls = 0
local z = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
table.sort(z, function(a, b) calls = calls + 1; return a < b end)
print(calls, table.concat(z, " "))
calls = 0
table.sort(z, function(a, b) calls = calls + 1; return a < b end)
print(calls)
