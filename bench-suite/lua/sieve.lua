-- Sieve of Eratosthenes up to 100000, repeated: array stores and loads in tight loops.
-- Usage: sieve.lua [repetitions]
local reps = tonumber(arg and arg[1]) or 250
local limit = 100000

local function sieve(n)
  local flags = {}
  for i = 1, n do flags[i] = true end
  flags[1] = false
  local i = 2
  while i * i <= n do
    if flags[i] then
      for j = i * i, n, i do flags[j] = false end
    end
    i = i + 1
  end
  local count, last = 0, 0
  for k = 2, n do
    if flags[k] then
      count = count + 1
      last = k
    end
  end
  return count, last
end

local total, last = 0, 0
for _ = 1, reps do
  local c, l = sieve(limit)
  total = total + c
  last = l
end
print("sieve", reps, total, last)
