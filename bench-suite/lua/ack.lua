-- Ackermann function A(3, k) for k = 1..n: deep, irregular recursion (depth about 2^(n+3)).
-- Usage: ack.lua [n]
local n = tonumber(arg and arg[1]) or 10

local function ack(m, k)
  if m == 0 then return k + 1 end
  if k == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, k - 1))
end

local sum = 0
for k = 1, n do
  sum = sum + ack(3, k)
end
print("ack", n, sum)
