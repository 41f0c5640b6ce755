-- upvalues closed properly when breaking out of loops
local fs = {}
for i = 1, 10 do
  local v = i
  fs[#fs + 1] = function() return v end
  if i == 3 then break end
end
for i = 1, #fs do print(fs[i]()) end
local gs = {}
local k = 0
while true do
  k = k + 1
  local captured = k * 2
  gs[k] = function() return captured end
  if k == 2 then break end
end
print(gs[1](), gs[2]())
