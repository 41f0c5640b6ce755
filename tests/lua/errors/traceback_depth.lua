-- Traceback with exactly enough levels to be shown in full... and one more call level.
local function f(n) if n == 0 then error("deep") end return 1 + f(n - 1) end
f(19)
