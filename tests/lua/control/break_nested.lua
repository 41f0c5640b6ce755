-- break exits only the innermost loop
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    print(i, j)
  end
end
local i = 0
while true do
  i = i + 1
  repeat
    if i % 2 == 0 then break end
    print("odd", i)
  until true
  if i >= 5 then break end
end
for k in function(_, c) c = (c or 0) + 1; return c end do
  if k > 3 then break end
  print("k", k)
end
local n = 0
repeat
  n = n + 1
  if n == 4 then break end
until false
print(n)
