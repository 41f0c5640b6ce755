-- each iteration creates a fresh local
local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
for i = 1, 5 do print(fs[i]()) end
local gs = {}
for k, v in ipairs({"a", "b", "c"}) do gs[k] = function() return k .. v end end
for i = 1, 3 do print(gs[i]()) end
local hs = {}
local j = 0
while j < 3 do
  j = j + 1
  local captured = j
  hs[j] = function() captured = captured + 100; return captured end
end
print(hs[1](), hs[2](), hs[3](), hs[1]())
