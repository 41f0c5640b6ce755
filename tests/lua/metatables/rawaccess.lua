-- rawget / rawset / rawequal bypass metamethods
local t = setmetatable({}, {
  __index = function(t, k) return "meta " .. k end,
  __newindex = function(t, k, v) print("newindex", k, v) end,
  __eq = function() return true end,
})
print(t.x, rawget(t, "x"))
t.y = 1
print(rawget(t, "y"))
rawset(t, "y", 2)
print(t.y, rawget(t, "y"))
local u = setmetatable({}, getmetatable(t))
print(t == u, rawequal(t, u), rawequal(t, t))
print(rawset(t, "z", 3) == t)
print(pcall(rawget, 1, 2))
print(pcall(rawset, "s", 1, 2))
print(pcall(rawset, {}, nil, 1))
print(rawequal(1, 1), rawequal("a", "a"), rawequal(1, "1"))
