-- table.concat: separators, ranges, numbers
local t = {"a", "b", "c", "d"}
print(table.concat(t))
print(table.concat(t, ", "))
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 2, 3))
print(table.concat(t, "-", 3, 3))
print("[" .. table.concat(t, "-", 4, 3) .. "]")
print("[" .. table.concat(t, "-", 10, 1) .. "]")
print("[" .. table.concat({}) .. "]")
print("[" .. table.concat({}, "x") .. "]")
print(table.concat(t, nil, 1, 2))
print(table.concat({1, 2.5, -3, 1e100, 1/3, 2^53, -0.0}, " "))
print(table.concat({1, "two", 3}, 4))
print(table.concat({"x", "y"}, 0.5))
print(table.concat({"a", "b", "c"}, "", "2", "3"))
print(table.concat({"a", "b", "c"}, "|", 1.9, 3.9))
-- explicit range over missing entries with values present
local s = {}
s[-1] = "m"; s[0] = "z"; s[1] = "o"
print(table.concat(s, ",", -1, 1))
-- embedded zeros are kept
local z = table.concat({"a\0b", "c"}, "\0")
print(#z, z == "a\0b\0c")
-- a long one
local big = {}
for i = 1, 500 do big[i] = i % 10 end
local r = table.concat(big)
local exp = ""
for i = 1, 50 do exp = exp .. "1234567890" end
print(#r, r == exp)
-- with a metatable: raw accesses (no __index)
local p = setmetatable({"a"}, {__index = function() return "q" end})
print(table.concat(p, ","), pcall(table.concat, p, ",", 1, 2))
