-- table.remove: last element, positions, bounds, empty tables
local function show(t, n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = tostring(t[i]) end
  print(#t, table.concat(parts, ","))
end

local t = {"a", "b", "c", "d", "e"}
print(table.remove(t))
show(t, 5)
print(table.remove(t, 1))
show(t, 4)
print(table.remove(t, 2))
show(t, 3)
print(table.remove(t, #t))
show(t, 2)
-- out of range positions remove nothing and return nothing
print(select('#', table.remove(t, 0)))
print(select('#', table.remove(t, 5)))
print(select('#', table.remove(t, -1)))
show(t, 2)
-- empty table
local e = {}
print(select('#', table.remove(e)))
print(select('#', table.remove(e, 1)))
print(table.remove(e), #e)
-- the removed value may be nil (with a hole)
local h = {1, nil, 3}
print(table.remove(h, 2), #h, h[1], h[2], h[3])
-- removing from a table with hash part entries
local m = {1, 2, 3, x = "y"}
print(table.remove(m, 1), #m, m.x)
-- position given as string / float
local f = {10, 20, 30}
print(table.remove(f, "2"), table.remove(f, 1.7), #f, f[1])
-- raw accesses only
local log = {}
local p = setmetatable({1, 2, 3}, {__index = function(t, k) log[#log + 1] = k return "i" end})
print(table.remove(p, 1), p[1], p[2], rawget(p, 3), #log)
-- drain a long list from the front
local big = {}
for i = 1, 300 do big[i] = i * 2 end
local sum = 0
while #big > 0 do sum = sum + table.remove(big, 1) end
print(sum, #big)
-- errors
print(pcall(table.remove))
print(pcall(table.remove, 7))
print(pcall(table.remove, {}, "x"))
local ok, err = pcall(function() return table.remove(nil) end)
print(ok, err)
