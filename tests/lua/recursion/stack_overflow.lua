-- infinite recursion is caught as an error ("stack overflow")
local function inf(n) return 1 + inf(n + 1) end
local ok, err = pcall(inf, 1)
print(ok, type(err))
local depth = 0
local function inf2() depth = depth + 1; inf2(); end
print(pcall(inf2) == false, depth > 1000)
print("still alive")
