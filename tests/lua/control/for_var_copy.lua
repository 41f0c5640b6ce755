-- the loop variable is a local copy; changing it does not affect iteration
for i = 1, 5 do
  local j = i
  i = i * 10
  print(j, i)
end
local last
for i = 1, 3 do last = i end
print(last)
local i = "outer"
for i = 1, 2 do end
print(i)
local a, b = 1, 3
for k = a, b do b = 100; print(k) end
