-- assigning nil to existing fields during traversal is allowed
local t = {}
for i = 1, 20 do t["k" .. i] = i end
local seen, sum = 0, 0
for k, v in pairs(t) do
  seen = seen + 1
  sum = sum + v
  t[k] = nil
end
print(seen, sum, next(t))
local u = {}
for i = 1, 10 do u[i] = i end
for k, v in pairs(u) do u[k] = v * 2 end
local s = 0
for i = 1, 10 do s = s + u[i] end
print(s)
