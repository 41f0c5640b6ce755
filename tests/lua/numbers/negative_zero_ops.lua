-- signed zero (computed at run time)
local function negzero() local z = 0 return -z end
local nz = negzero()
print(nz, nz + 0, nz - 0, nz * 1)
print(0 - 0)
print(nz == 0, nz < 0)
local t = {}
t[nz] = "neg zero key"
print(t[0])
print(nz .. "")
print(tostring(nz))
