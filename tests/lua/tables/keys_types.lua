-- keys of various types
local t = {}
local f = function() end
local k = {}
t[true] = "true"; t[false] = "false"; t[f] = "function"; t[k] = "table"
t[1] = "number"; t["1"] = "string"
print(t[true], t[false], t[f], t[k], t[1], t["1"])
print(t[{}], t[function() end])
print(pcall(function() t[nil] = 1 end))
print(t[nil])
print(rawget(t, nil))
local cnt = 0
for _ in pairs(t) do cnt = cnt + 1 end
print(cnt)
