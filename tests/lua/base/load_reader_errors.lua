-- load() runs its reader protected: an error in the reader, or a reader returning something
-- other than a string, makes load return nil and a message instead of raising.
local f, e = load(function() error({code = 7}) end)
print(f, type(e), e.code)
print(pcall(load, function() return {} end))
print(pcall(load, function() return true end))
local parts, i = {"return ", 1, "+", 2.5}, 0
print(load(function() i = i + 1; return parts[i] end)())
local f2, e2 = load(function() return nil end)
print(type(f2), f2())
local once = false
print(load(function() if once then return nil end once = true return "x =" end, "=mychunk"))
-- The reader is not called past a syntax error that more input cannot change.
local i = 0
local s = "*a = 123"
print(load(function() i = i + 1; return s:sub(i, i) end))
print(i)
local n = 0
print(load(function() n = n + 1; return "x = = " end, "=endless"))
print(n < 5)
-- A token cut between two pieces is joined before it is judged.
local parts, k = {"x = 0", "x1F; return ", "x"}, 0
local f = load(function() k = k + 1; return parts[k] end)
print(f(), k)
