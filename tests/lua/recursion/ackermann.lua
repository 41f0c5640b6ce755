-- ackermann function (small arguments)
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
for m = 0, 2 do
  for n = 0, 3 do print(m, n, ack(m, n)) end
end
print(ack(3, 3))
