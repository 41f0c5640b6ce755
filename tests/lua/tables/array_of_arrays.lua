-- 2D grid and transposition
local n = 4
local g = {}
for i = 1, n do
  g[i] = {}
  for j = 1, n do g[i][j] = (i - 1) * n + j end
end
local tr = {}
for i = 1, n do
  tr[i] = {}
  for j = 1, n do tr[i][j] = g[j][i] end
end
for i = 1, n do
  local line = ""
  for j = 1, n do line = line .. tr[i][j] .. " " end
  print(line)
end
local trace = 0
for i = 1, n do trace = trace + g[i][i] end
print("trace", trace)
