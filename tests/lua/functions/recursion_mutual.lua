-- mutually recursive local functions
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
function isodd(n) if n == 0 then return false end return iseven(n - 1) end
print(iseven(10), isodd(10), iseven(7), isodd(7))
print(iseven(1001))
