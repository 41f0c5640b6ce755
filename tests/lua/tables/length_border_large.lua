-- # of sequences of many sizes
for _, n in ipairs({0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1000}) do
  local t = {}
  for i = 1, n do t[i] = true end
  local u = {}
  for i = n, 1, -1 do u[i] = true end
  print(n, #t, #u)
end
