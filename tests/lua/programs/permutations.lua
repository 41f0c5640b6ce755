-- permutations via recursive generation and a custom iterator
local function permutations(a)
  local n = #a
  local result = {}
  local function perm(k)
    if k == 0 then
      local copy = {}
      for i = 1, n do copy[i] = a[i] end
      result[#result + 1] = copy
      return
    end
    for i = 1, k do
      a[i], a[k] = a[k], a[i]
      perm(k - 1)
      a[i], a[k] = a[k], a[i]
    end
  end
  perm(n)
  local i = 0
  return function() i = i + 1; return result[i] end
end
local count = 0
for p in permutations({1, 2, 3}) do
  count = count + 1
  print(p[1], p[2], p[3])
end
print(count)
count = 0
local sum = 0
for p in permutations({1, 2, 3, 4, 5, 6}) do count = count + 1; sum = sum + p[1] * p[6] end
print(count, sum)
