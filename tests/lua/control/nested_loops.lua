-- nested loops: multiplication table and pairs
for i = 1, 5 do
  local row = ""
  for j = 1, 5 do row = row .. (i * j) .. "\t" end
  print(row)
end
local count = 0
for a = 1, 20 do
  for b = a, 20 do
    for c = b, 20 do
      if a * a + b * b == c * c then print(a, b, c); count = count + 1 end
    end
  end
end
print("triples", count)
