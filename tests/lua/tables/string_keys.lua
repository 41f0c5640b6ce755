-- string keys and dot syntax equivalence
local t = {}
t.name = "lua"
t["ver" .. "sion"] = 5.1
print(t["name"], t.version)
local key = "dyn"
t[key] = "dynamic"
print(t.dyn)
t[""] = "empty key"
print(t[""])
t["with space"] = 1
print(t["with space"])
t.name = nil
print(t.name)
local cnt = 0
for k in pairs(t) do cnt = cnt + 1 end
print(cnt)
