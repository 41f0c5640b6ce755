-- closures in the same iteration share the same loop local
local getters, setters = {}, {}
for i = 1, 3 do
  getters[i] = function() return i end
  setters[i] = function(v) i = v end
end
setters[2](20)
print(getters[1](), getters[2](), getters[3]())
local outer = {}
local x = 0
for i = 1, 3 do
  x = x + 1
  outer[i] = function() return x end
end
print(outer[1](), outer[2](), outer[3]())
