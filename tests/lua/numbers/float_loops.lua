-- accumulation of floats in loops
local acc = 0
for i = 1, 10 do
  acc = acc + 0.1
  print(i, acc)
end
local h = 1
for i = 1, 8 do
  h = h / 2
  print(h)
end
