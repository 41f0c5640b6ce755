-- default values / tracking tables via metamethods
local function defaults(d) return setmetatable({}, {__index = function() return d end}) end
local t = defaults(0)
for _, w in ipairs({"a", "b", "a", "c", "a"}) do t[w] = t[w] + 1 end
print(t.a, t.b, t.c, t.d)
local accesses = {}
local real = {x = 1}
local proxy = setmetatable({}, {
  __index = function(_, k) accesses[#accesses + 1] = "get " .. k; return real[k] end,
  __newindex = function(_, k, v) accesses[#accesses + 1] = "set " .. k; real[k] = v end,
})
proxy.x = proxy.x + 1
proxy.y = 5
print(proxy.x, proxy.y, rawget(proxy, "x"))
for i = 1, #accesses do print(accesses[i]) end
