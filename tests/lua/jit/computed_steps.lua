-- Computed for-loop steps of both signs in hot integer loops (speculated positive), entered
-- by OSR and after deopts.
local t = {}
for i = 1, 200 do t[i] = i end
local function walk(t, from, to, step)
  local s = 0
  for i = from, to, step do s = s + t[i] end
  return s
end
local acc = 0
for r = 1, 300 do
  acc = acc + walk(t, 1, 200, (r % 3) + 1)
end
print(acc)
print(walk(t, 200, 1, -1), walk(t, 200, 1, -7), walk(t, 5, 1, 1), walk(t, 1, 5, 0.5 * 2))
for r = 1, 50 do acc = acc + walk(t, 200, 1, -(r % 5 + 1)) end
print(acc)
local n = 0
for i = 1, 100, 3 do for j = i, 100, i do n = n + t[j] end end
print(n)
for step = -3, 3 do
  local c = 0
  if step ~= 0 then for i = 1, 20, step do c = c + 1 end end
  print(step, c)
end
