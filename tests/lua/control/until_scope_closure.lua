-- until condition sees locals; closures capture per-iteration locals
local fns = {}
local i = 0
repeat
  i = i + 1
  local v = i * 10
  fns[i] = function() return v end
until v >= 30
for k = 1, #fns do print(k, fns[k]()) end
