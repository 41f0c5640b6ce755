-- __newindex as function and table
local log = {}
local t = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
t.a = 1
t.b = 2
t.a = 3
print(#log, log[1], log[2], log[3])
print(t.a, t.b)
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.x = "to store"
print(rawget(proxy, "x"), store.x)
local ro = setmetatable({}, {__newindex = function() error("read-only table") end})
print(pcall(function() ro.x = 1 end))
local chain_store = {}
local mid = setmetatable({}, {__newindex = chain_store})
local outer = setmetatable({}, {__newindex = mid})
outer.k = "v"
print(rawget(outer, "k"), rawget(mid, "k"), chain_store.k)
