-- Permutations of 1..8 generated recursively by swapping (Heap's method), repeated; each
-- permutation contributes to a checksum that depends on the order.
-- Usage: permute.lua [repetitions]
local reps = tonumber(arg and arg[1]) or 200
local n = 8

local count, checksum = 0, 0
local function permute(a, k)
  if k == 1 then
    count = count + 1
    checksum = (checksum * 31 + a[1] * 7 + a[#a]) % 1000003
    return
  end
  for i = 1, k do
    permute(a, k - 1)
    local j = (k % 2 == 0) and i or 1
    a[j], a[k] = a[k], a[j]
  end
end

local arr = {}
for i = 1, n do arr[i] = i end
for _ = 1, reps do
  permute(arr, n)
end
local order = ""
for i = 1, n do order = order .. arr[i] end
print("permute", reps, count, checksum, order)
