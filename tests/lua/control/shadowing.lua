-- local shadowing
local a = 1
local function f() return a end
local a = 2
print(a, f())
for a = 10, 10 do print(a) end
print(a)
local b = 1
local b, c = b + 1, b + 2
print(b, c)
local t = {}
local t = {t}
print(type(t[1]))
