-- Fannkuch-redux: for every permutation of 1..n (in the order produced by rotating prefixes),
-- count the pancake flips until 1 comes first. Prints the signed checksum and the maximum.
-- The whole computation runs three times (n = 10 would take about ten times as long as 9).
-- Usage: fannkuch.lua [n]
local n = tonumber(arg and arg[1]) or 9

local function fannkuch(size)
  local perm, cur, count = {}, {}, {}
  for i = 1, size do cur[i] = i end
  local maxflips, checksum, index = 0, 0, 0
  local r = size
  while true do
    while r ~= 1 do
      count[r] = r
      r = r - 1
    end
    -- flip a copy of the current permutation until its first element is 1
    for i = 1, size do perm[i] = cur[i] end
    local flips = 0
    local first = perm[1]
    while first ~= 1 do
      local lo, hi = 1, first
      while lo < hi do
        perm[lo], perm[hi] = perm[hi], perm[lo]
        lo = lo + 1
        hi = hi - 1
      end
      flips = flips + 1
      first = perm[1]
    end
    if flips > maxflips then maxflips = flips end
    if index % 2 == 0 then
      checksum = checksum + flips
    else
      checksum = checksum - flips
    end
    -- advance to the next permutation: rotate the first r+1 elements left until a counter
    -- has not run out
    while true do
      if r == size then return checksum, maxflips end
      local head = cur[1]
      for i = 1, r do cur[i] = cur[i + 1] end
      cur[r + 1] = head
      count[r + 1] = count[r + 1] - 1
      if count[r + 1] > 0 then break end
      r = r + 1
    end
    index = index + 1
  end
end

local checksum, maxflips = fannkuch(n)
for _ = 2, 3 do
  local c, m = fannkuch(n)
  if c ~= checksum or m ~= maxflips then error("fannkuch: runs disagree") end
end
print("fannkuch", n, checksum, maxflips)
