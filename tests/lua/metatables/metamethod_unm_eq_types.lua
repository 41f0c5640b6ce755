-- metamethods on operands of different kinds
local mt = {
  __unm = function(a) return "neg " .. a.name end,
  __eq = function() return true end,
  __lt = function() return true end,
}
local t = setmetatable({name = "t"}, mt)
print(-t)
print(t == 5, 5 == t)
print(pcall(function() return t < 5 end))
print(pcall(function() return "a" < t end))
