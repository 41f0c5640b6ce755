-- Number keys in compiled loops: integers use the array part; fractional, negative, huge
-- and NaN keys leave it (a guard deoptimizes, the function is later recompiled without it).
local function fill(t, from, to, step)
  for k = from, to, step do t[k] = k * 2 end
  return t
end

local function sum(t, keys)
  local s = 0
  for i = 1, #keys do
    local k = keys[i]
    local v = t[k]
    if v then s = s + v end
  end
  return s
end

local t = {}
for _ = 1, 50 do fill(t, 1, 100, 1) end
local ints, fracs, mixed = {}, {}, {}
for i = 1, 100 do
  ints[i] = i
  fracs[i] = i + 0.5
  mixed[i] = (i % 3 == 0) and -i or (i % 3 == 1 and i or i / 4)
end
local a = 0
for _ = 1, 40 do a = a + sum(t, ints) end
print("ints", a)
fill(t, 0.5, 10.5, 1)
print("halves", t[0.5], t[10.5], t[11.5], #t)
for _ = 1, 40 do a = a + sum(t, fracs) + sum(t, mixed) end
print("mixed", a)
fill(t, -5, 0, 1)
print("negative", t[-5], t[0], t[-6])
local big = 2 ^ 53
t[big] = "big"
t[big + 2] = "big2"
print("huge", t[big], t[big + 2], t[2 ^ 60])
-- swap loop with repeated keys
local p = {}
for i = 1, 10 do p[i] = i end
for _ = 1, 300 do
  local lo, hi = 1, 10
  while lo < hi do
    p[lo], p[hi] = p[hi], p[lo]
    lo = lo + 1
    hi = hi - 1
  end
end
print("swapped", table.concat(p, " "))
local lo, hi = 1.5, 9.5
while lo < hi do
  p[lo], p[hi] = p[hi], p[lo]
  lo = lo + 1
  hi = hi - 1
end
print("fractional swap", p[1.5], p[9.5], p[5.5])
print(pcall(function() local n = 0 / 0; local q = {}; for i = 1, 3 do q[i] = i end; q[n] = 1 end))
print(({10, 20, 30})[0 / 0])
