-- quicksort written in Lua
local function quicksort(a, lo, hi, less)
  if lo >= hi then return end
  local p = a[(lo + hi - (lo + hi) % 2) / 2]
  local i, j = lo, hi
  while i <= j do
    while less(a[i], p) do i = i + 1 end
    while less(p, a[j]) do j = j - 1 end
    if i <= j then a[i], a[j] = a[j], a[i]; i = i + 1; j = j - 1 end
  end
  quicksort(a, lo, j, less)
  quicksort(a, i, hi, less)
end
local function join(t) local s = "" for i = 1, #t do s = s .. tostring(t[i]) .. " " end return s end
local a = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0, 5, 3}
quicksort(a, 1, #a, function(x, y) return x < y end)
print(join(a))
quicksort(a, 1, #a, function(x, y) return x > y end)
print(join(a))
local words = {"pear", "apple", "fig", "banana", "kiwi", "cherry"}
quicksort(words, 1, #words, function(x, y) return x < y end)
print(join(words))
local seed = 42
local function rand() seed = (seed * 16807) % 2147483647; return seed end
local big = {}
for i = 1, 5000 do big[i] = rand() % 100000 end
quicksort(big, 1, #big, function(x, y) return x < y end)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[2500], big[5000])
local recs = {{n = "b", v = 2}, {n = "a", v = 2}, {n = "c", v = 1}}
quicksort(recs, 1, #recs, function(x, y) if x.v ~= y.v then return x.v < y.v end return x.n < y.n end)
for _, r in ipairs(recs) do print(r.n, r.v) end
