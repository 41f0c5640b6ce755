-- Tables in hot loops: array and hash part growth, the length operator,
-- integer-valued float keys, string keys, nested tables, and stores of
-- values whose types change.

-- array growth by appending, then by t[#t+1], then shrinking from the end
local t = {}
for i = 1, 1000 do t[i] = i * 2 end
print("append", #t, t[1], t[500], t[1000], t[1001])
for i = 1, 300 do t[#t + 1] = "s" .. i end
print("append2", #t, t[1001], t[1300])
for i = 1, 150 do t[#t] = nil end
print("shrink", #t, t[#t])

-- hash growth with string keys, then with mixed keys
local h = {}
for i = 1, 600 do h["k" .. i] = i end
local hs = 0
for i = 1, 600 do hs = hs + h["k" .. i] end
print("hash", hs, h.k1, h.k600, h.k601)
for i = 1, 600 do h[i + 0.5] = i end
for i = 1, 600 do h[-i] = -i end
local ms = 0
for i = 1, 600 do ms = ms + h[i + 0.5] + h[-i] end
print("mixed", ms, h[1.5], h[-1], h[0])

-- integer-valued float keys are the same key as the integer
local f = {}
for i = 1, 1000 do f[i * 1.0] = i end
print("float keys", #f, f[1], f[1000], f[1000.0], f[2000 / 2])
local fk = {}
fk[1] = "int"; fk[1.0] = "float"; fk[2 ^ 0] = "pow"; fk[3 / 3] = "div"
local cnt = 0
for _ in pairs(fk) do cnt = cnt + 1 end
print("same key", fk[1], cnt)
fk[1.5] = "frac"
print("frac key", fk[1.5], fk[1], #fk)
-- string keys are not numeric keys
local sk = {}
sk["1"] = "string one"; sk[1] = "number one"
print("string vs number", sk["1"], sk[1], sk[tonumber("1")], sk[tostring(1)])

-- the length of tables with holes, built the same way every time
local function holey(n, hole)
  local a = {}
  for i = 1, n do a[i] = i end
  a[hole] = nil
  return a
end
local lens = {}
for round = 1, 300 do
  local a = holey(100, 100)
  lens[1] = #a
  local b = { 1, 2, 3, nil }
  lens[2] = #b
  local c = { nil, nil, 3 }
  lens[3] = #c
  local d = { 1, nil, 3 }
  lens[4] = #d
  local e = {}
  e[1] = 1; e[2] = 2; e[4] = 4
  lens[5] = #e
end
print("holey", table.concat(lens, " "))

-- nested tables and paths that change shape
local root = { a = { b = { c = { 0 } } } }
for i = 1, 1000 do
  root.a.b.c[1] = root.a.b.c[1] + i
  if i == 500 then root.a.b = { c = { "100" } } end   -- string value, coerced
end
print("nested", root.a.b.c[1])
local matrix = {}
for i = 1, 50 do
  matrix[i] = {}
  for j = 1, 50 do matrix[i][j] = (i - 1) * 50 + j end
end
local tr = 0
for i = 1, 50 do tr = tr + matrix[i][i] + matrix[i][51 - i] end
print("matrix", tr, #matrix, #matrix[50])

-- a hot store function whose value types change; reads back exactly
local function store(tab, k, v) tab[k] = v end
local slots = {}
for i = 1, 1000 do
  local v
  if i % 4 == 0 then v = i elseif i % 4 == 1 then v = "v" .. i
  elseif i % 4 == 2 then v = (i % 8 == 2) elseif i % 4 == 3 then v = { i } end
  store(slots, i, v)
end
local counts = { number = 0, string = 0, boolean = 0, table = 0 }
for i = 1, #slots do counts[type(slots[i])] = counts[type(slots[i])] + 1 end
print("types", #slots, counts.number, counts.string, counts.boolean, counts.table, slots[3][1], slots[5])
-- storing nil in the middle and false values
store(slots, 500, nil)
store(slots, 501, false)
print("nil/false", slots[500], slots[501], slots[502])

-- table keys that are tables, booleans, functions
local obj1, obj2 = {}, {}
local fn = function() end
local weird = {}
for i = 1, 500 do
  weird[obj1] = (weird[obj1] or 0) + 1
  weird[true] = (weird[true] or 0) + 2
  weird[fn] = (weird[fn] or 0) + 3
end
print("weird keys", weird[obj1], weird[obj2], weird[true], weird[false], weird[fn])
print("nil key", pcall(function() weird[nil] = 1 end))
print("nil read", weird[nil])

-- table library functions in hot loops
local arr = {}
for i = 1, 500 do table.insert(arr, i) end
for i = 1, 100 do table.insert(arr, 1, -i) end
for i = 1, 50 do table.remove(arr) end
for i = 1, 50 do table.remove(arr, 1) end
print("tablelib", #arr, arr[1], arr[#arr], table.concat(arr, ",", 1, 5))
local srt = {}
for i = 1, 500 do srt[i] = (i * 7919) % 1009 end
table.sort(srt)
print("sorted", srt[1], srt[2], srt[250], srt[500])
table.sort(srt, function(a, b) return a > b end)
print("sorted desc", srt[1], srt[500], select('#', unpack(srt)))
print("maxn", table.maxn({ 1, 2, [10] = 3, [7.5] = 4 }))
