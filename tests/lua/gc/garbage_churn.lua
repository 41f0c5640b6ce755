-- lots of short-lived garbage; results must be unaffected
local total = 0
for i = 1, 20000 do
  local t = {i, i + 1, s = "x" .. i}
  total = total + t[1] + t[2] + #t.s
end
print(total)
local keep = {}
for i = 1, 1000 do
  keep[i] = {v = i}
  local junk = {}
  for j = 1, 10 do junk[j] = {} end
end
local s = 0
for i = 1, 1000 do s = s + keep[i].v end
print(s)
collectgarbage()
print(keep[1].v, keep[1000].v)
