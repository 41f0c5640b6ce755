-- while loops
local i = 1
while i <= 5 do print(i); i = i + 1 end
local n = 0
while false do n = n + 1 end
print(n)
local a, b = 0, 1
while b < 100 do a, b = b, a + b end
print(a, b)
local x = 10
while true do
  x = x - 3
  if x < 0 then break end
end
print(x)
