-- table.sort without comparator and with simple comparators
local function show(t) print(table.concat(t, " ")) end
local t = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0}
table.sort(t); show(t)
table.sort(t, function(a, b) return a > b end); show(t)
local s = {"pear", "apple", "fig", "banana", "cherry", "Apple", "apple2", ""}
table.sort(s); show(s)
table.sort(s, function(a, b) return #a < #b end); show(s)
-- small sizes
for n = 0, 5 do
  local u = {}
  for i = 1, n do u[i] = (i * 7) % 5 end
  table.sort(u)
  print(n, table.concat(u, ","))
end
-- already sorted, reversed, all equal
local a, r, e = {}, {}, {}
for i = 1, 50 do a[i] = i; r[i] = 51 - i; e[i] = 7 end
table.sort(a); table.sort(r); table.sort(e)
print(table.concat(a, ",", 1, 10), table.concat(r, ",", 41, 50), table.concat(e, "", 1, 10))
-- negative, fractional, huge
local f = {0.5, -1, math.huge, -math.huge, 1e-300, -0.25, 100}
table.sort(f); show(f)
-- numeric strings compare as strings
local ns = {"10", "9", "100", "1"}
table.sort(ns); show(ns)
-- sort returns nothing
print(select('#', table.sort({3, 1})))
-- sort only considers 1..#t
local h = {3, 2, 1, nil, 0}
h[5] = nil
table.sort(h)
print(h[1], h[2], h[3], h[4])
-- the comparator may return non-boolean values
local c = {4, 2, 3, 1}
table.sort(c, function(a, b) if a < b then return 1 else return nil end end)
show(c)
-- sort a larger deterministic sequence and verify order
local big = {}
local x = 12345
for i = 1, 2000 do x = (x * 1103515245 + 12345) % 2147483648; big[i] = x % 1000 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[1000], big[2000])
