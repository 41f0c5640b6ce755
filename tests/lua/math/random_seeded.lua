-- math.random reproduces the reference generator after randomseed
math.randomseed(42)
print(math.random(1, 100), math.random(1, 100), math.random(1, 100))
print(math.random(), math.random())
print(math.random(10), math.random(10), math.random(1000000))
math.randomseed(42)
print(math.random(1, 100))
for _, seed in ipairs({0, 1, 2, 12345, -1, -99999, 2^31 - 1, 2^31, 2^32 + 3, 3.9, "17"}) do
  math.randomseed(seed)
  print(seed, math.random(1, 1000), math.random(1, 1000), math.random())
end
math.randomseed(5)
local counts = {0, 0, 0, 0, 0, 0}
for i = 1, 6000 do
  local r = math.random(6)
  counts[r] = counts[r] + 1
end
print(table.concat(counts, " "))
local lo, hi = 1, 0
for i = 1, 10000 do
  local r = math.random()
  if r < lo then lo = r end
  if r > hi then hi = r end
end
print(lo, hi)
math.randomseed(9)
local s = 0
for i = 1, 1000 do s = s + math.random(-50, 50) end
print(s)
print(math.random(3, 3), math.random(-3, -3), math.random(1))
print(math.random(-2147483647, 2147483647) ~= nil)
print(math.randomseed(1))
