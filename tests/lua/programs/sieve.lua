-- sieve of eratosthenes
local function sieve(n)
  local composite = {}
  local primes = {}
  for i = 2, n do
    if not composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return primes
end
local p = sieve(100)
local line = ""
for i = 1, #p do line = line .. p[i] .. " " end
print(line)
local big = sieve(100000)
print(#big, big[#big])
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print(sum)
