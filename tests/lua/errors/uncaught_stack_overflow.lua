-- An uncaught stack overflow prints a truncated traceback (first 10, "...", last 10 levels).
local function f() return 1 + f() end
f()
