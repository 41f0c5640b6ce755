-- inf, -inf, nan, -0
local inf = 1/0
local ninf = -1/0
print(inf, ninf)
print(inf + 1, inf - inf ~= inf - inf, inf * 0 ~= inf * 0)
print(-inf, inf * -1, inf > 1e308)
local zero = 0
local nz = -zero
print(zero, nz)
print(nz == 0, 1 / nz, 1 / zero)
print(zero * -1, -zero * -1)
local nan = zero / zero
print(nan)
print(-nan)
print(nan ~= nan)
print(tostring(inf), tostring(ninf))
print(inf .. "", ninf .. "")
