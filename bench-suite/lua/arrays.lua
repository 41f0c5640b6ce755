-- Arrays: push and pop with table.insert/table.remove (at the end and in the middle),
-- table.sort with the default order and with a comparison function, table.concat,
-- and the length operator.
-- Usage: arrays.lua [elements]
local n = tonumber(arg and arg[1]) or 400000

local insert, remove, sort, concat = table.insert, table.remove, table.sort, table.concat

local seed = 12345
local function rand(m)
  seed = (seed * 16807) % 2147483647
  return seed % m
end

local checksum = 0
local function note(x)
  checksum = (checksum * 31 + x) % 1000000007
end

-- a stack: push everything, pop everything
local stack = {}
for i = 1, n do insert(stack, rand(1000000)) end
note(#stack)
local popsum = 0
while #stack > 0 do popsum = (popsum + remove(stack)) % 1000000007 end
note(popsum)

-- inserts and removals in the middle of a small array (shifting)
local small = {}
for i = 1, 200 do small[i] = i end
for i = 1, n / 10 do
  local at = rand(#small) + 1
  insert(small, at, i)
  note(remove(small, rand(#small) + 1))
end
note(#small)

-- sort numbers ascending, then descending with a comparator
local nums = {}
for i = 1, n do nums[i] = rand(1000000) end
sort(nums)
for i = 2, n do
  if nums[i - 1] > nums[i] then error("not sorted") end
end
note(nums[1]); note(nums[n]); note(nums[math.floor(n / 2)])
sort(nums, function(a, b) return a > b end)
note(nums[1]); note(nums[n])

-- sort records by two keys (unique, so the order is fully determined)
local recs = {}
for i = 1, n / 4 do recs[i] = { group = rand(100), id = i } end
sort(recs, function(a, b)
  if a.group ~= b.group then return a.group < b.group end
  return a.id < b.id
end)
for i = 1, #recs, 97 do note(recs[i].id) end

-- strings: sort and join
local strs = {}
for i = 1, n / 10 do strs[i] = "s" .. rand(100000) end
sort(strs)
local joined = concat(strs, ",", 1, 50)
note(#joined)

print("arrays", n, checksum, strs[1], strs[#strs])
