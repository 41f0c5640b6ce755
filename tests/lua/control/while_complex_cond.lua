-- loops with complex conditions
local t = {3, 1, 4, 1, 5, 9, 2, 6}
local i = 1
while t[i] and t[i] ~= 9 do i = i + 1 end
print("found 9 at", i)
local a, b = 48, 18
while b ~= 0 do a, b = b, a % b end
print("gcd", a)
local n, steps = 27, 0
while n ~= 1 do
  if n % 2 == 0 then n = n / 2 else n = 3 * n + 1 end
  steps = steps + 1
end
print("collatz 27", steps)
