-- closures and upvalues survive collections
local function make()
  local data = {}
  for i = 1, 100 do data[i] = "item" .. i end
  return function(i) return data[i] end
end
local f = make()
collectgarbage()
collectgarbage()
print(f(1), f(50), f(100))
local counters = {}
for i = 1, 50 do local n = i counters[i] = function() n = n + 1; return n end end
collectgarbage()
local s = 0
for i = 1, 50 do s = s + counters[i]() end
print(s)
