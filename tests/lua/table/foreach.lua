-- table.foreach / table.foreachi (deprecated but present in 5.1)
local t = {"a", "b", "c"}
table.foreachi(t, print)
print(table.foreachi(t, function(i, v) if v == "b" then return i * 10 end end))
print(select('#', table.foreachi(t, function() end)))
print(table.foreachi({}, print))
local sum = 0
table.foreach({x = 1, y = 2, z = 3, 4}, function(k, v) sum = sum + v end)
print(sum)
print(table.foreach({k = "v"}, function(k, v) return k .. v end))
print(table.foreach({10}, function(k, v) return false end))
local r = table.foreach({5}, function(k, v) return nil end)
print(r)
-- foreachi stops at the border
table.foreachi({1, 2, nil, 4}, function(i, v) print("i", i, v) end)
-- errors
print(pcall(table.foreachi, {}))
print(pcall(table.foreachi, {}, 1))
print(pcall(table.foreachi, nil, print))
print(pcall(table.foreach, {}))
print(pcall(table.foreach, 5, print))
print(pcall(table.foreach, {1}, function() error("inside") end))
