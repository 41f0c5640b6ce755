local function q(s, n) return string.format("%q", s) .. " " .. tostring(n) end
print(q(("hello world"):gsub("%w+", string.upper)))
print(q(("hello world"):gsub("%w+", function(w) return #w end)))
print(q(("a=1, b=2"):gsub("(%w+)=(%w+)", function(k, v) return v .. "=" .. k end)))
-- nil or false keep the original text
print(q(("one two three"):gsub("%w+", function(w) if w == "two" then return nil end return "X" end)))
print(q(("one two three"):gsub("%w+", function(w) return false end)))
print(q(("abc"):gsub(".", function() end)))
-- numbers are converted with %.14g
print(q(("1 2 3"):gsub("%d", function(d) return d / 3 end)))
print(q(("x"):gsub("x", function() return 1e100 end)), q(("x"):gsub("x", function() return 2^53 end)))
-- position captures are passed as numbers, the whole match when there are no captures
print(q(("abc"):gsub("()(.)", function(p, c) return c .. p end)))
print(q(("abc"):gsub("", function(...) return "<" .. select("#", ...) .. tostring((...)) .. ">" end)))
-- only the first result counts; extra results are ignored
print(q(("ab"):gsub(".", function(c) return c:upper(), "ignored" end)))
-- invalid replacement values
print(pcall(string.gsub, "abc", "b", function() return {} end))
print(pcall(string.gsub, "abc", "b", function() return true end))
print(pcall(string.gsub, "abc", "b", function() return print end))
-- errors from the function propagate
print(pcall(string.gsub, "abc", "b", function() error("boom") end))
print(pcall(string.gsub, "abc", "b", function() error({}) end) == false)
-- the function may itself use the string library (nested gsub)
print(q(("a b"):gsub("%a", function(c) return (("<x>"):gsub("x", c)) end)))
-- the function runs once per match, in order
local log = ""
print(q(("abcd"):gsub("%a", function(c) log = log .. c return c end, 2)), log)
-- unfinished captures are reported when captures are needed
print(pcall(string.gsub, "abc", "(b", function(x) return x end))
-- an accumulating counter
local count = 0
local s = ("word "):rep(5):gsub("%w+", function(w) count = count + 1 return w .. count end)
print(s, count)
