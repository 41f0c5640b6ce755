local function q(s, n) return string.format("%q", s) .. " " .. tostring(n) end
local vars = {name = "Lua", version = 5.1, flag = false}
print(q(("$name $version $missing $flag"):gsub("%$(%w+)", vars)))
print(q(("hello world"):gsub("%w+", {hello = "HI"})))
-- the key is the first capture, or the whole match
print(q(("a1 b2"):gsub("(%a)(%d)", {a = "A", b = "B"})))
print(q(("abc"):gsub(".", {a = 1, b = 2.5})))
-- position captures give number keys
print(q(("abc"):gsub("()", {"<1>", "<2>", [4] = "<4>"})))
-- __index metamethods are honoured
local mt = setmetatable({}, {__index = function(t, k) return "[" .. k .. "]" end})
print(q(("x y"):gsub("%a", mt)))
local calls = 0
local counted = setmetatable({known = "K"}, {__index = function(t, k) calls = calls + 1 return nil end})
print(q(("known unknown other"):gsub("%a+", counted)), calls)
local chained = setmetatable({}, {__index = {a = "from parent"}})
print(q(("a b"):gsub("%a", chained)))
print(pcall(string.gsub, "abc", "b", {b = {}}))
print(pcall(string.gsub, "abc", "b", {b = true}))
print(pcall(string.gsub, "abc", "b", setmetatable({}, {__index = function() error("idx") end})))
