-- Runaway recursion is a Lua error ("stack overflow"), catchable by pcall.
local function f(n) return 1 + f(n + 1) end
print(pcall(f, 1))
local depth = 0
local function h() depth = depth + 1; h() end
print(pcall(h))
print(depth > 1000)
-- __index recursion overflows the nested-call limit instead.
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
-- The VM is usable afterwards.
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20))
