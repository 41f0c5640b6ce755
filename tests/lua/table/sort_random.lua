-- sorting many random arrays (math.random reproduces the reference sequence)
math.randomseed(7)
local function check(t, lt)
  for i = 2, #t do
    if lt(t[i], t[i - 1]) then return false end
  end
  return true
end
local total = 0
for round = 1, 30 do
  local n = math.random(1, 200)
  local t = {}
  for i = 1, n do t[i] = math.random(1, 50) end
  table.sort(t)
  total = total + t[1] + t[n] + t[math.floor((n + 1) / 2)]
  assert(check(t, function(a, b) return a < b end))
end
print(total)
-- record the permutation of ties produced by the comparator
local recs = {}
for i = 1, 60 do recs[i] = {k = math.random(1, 5), id = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local ids = {}
for i, r in ipairs(recs) do ids[i] = r.id end
print(table.concat(ids, " "))
-- floats
local f = {}
for i = 1, 100 do f[i] = math.random() end
table.sort(f, function(a, b) return a > b end)
print(check(f, function(a, b) return a > b end), f[1], f[100])
-- strings
local s = {}
for i = 1, 100 do
  local w = {}
  for j = 1, math.random(1, 6) do w[j] = ({"a", "b", "c", "d"})[math.random(1, 4)] end
  s[i] = table.concat(w)
end
table.sort(s)
print(s[1], s[50], s[100])
