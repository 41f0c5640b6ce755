-- table.insert: append, positional insert, growth of the border, raw accesses
local function show(t, n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = tostring(t[i]) end
  print(#t, table.concat(parts, ","))
end

local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "c")
table.insert(t, 2, "d")
show(t, 5)
table.insert(t, #t + 1, "e")
show(t, 6)
-- position past the end grows the array with a hole
table.insert(t, 8, "g")
show(t, 9)
-- inserting nil
local u = {1, 2, 3}
table.insert(u, 2, nil)
show(u, 4)
table.insert(u, nil)
show(u, 5)
-- position 0 and negative positions are stored as keys
local v = {10, 20}
table.insert(v, 0, "zero")
print(#v, v[0], v[1], v[2])
table.insert(v, -3, "neg")
print(#v, v[-3])
-- fractional positions are truncated
local w = {1, 2, 3}
table.insert(w, 2.9, "x")
show(w, 4)
-- numeric string position
table.insert(w, "1", "s")
show(w, 5)
-- raw: __newindex and __index are not used
local log = {}
local p = setmetatable({1, 2}, {__newindex = function(t, k, v) log[#log + 1] = k end,
                                __index = function(t, k) return "idx" end})
table.insert(p, 1, 0)
table.insert(p, 9)
print(#log, p[1], p[2], p[3], p[4])
-- return values: none
print(select('#', table.insert({}, 1)))
-- errors
print(pcall(table.insert, {}))
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, "abc", 1))
print(pcall(table.insert, {}, "x", 1))
print(pcall(table.insert, {}, {}, 1))
local ok, e = pcall(function() table.insert({}) end)
print(ok, e)
ok, e = pcall(function() table.insert(1, 2) end)
print(ok, e)
ok, e = pcall(function() local tinsert = table.insert; tinsert({}, nil, 3) end)
print(ok, e)
-- a long sequence
local big = {}
for i = 1, 1000 do table.insert(big, i) end
for i = 1, 100 do table.insert(big, 1, -i) end
print(#big, big[1], big[100], big[101], big[1100])
