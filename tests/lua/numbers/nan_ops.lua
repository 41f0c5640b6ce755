-- nan behaviour
local z = 0
local nan = z / z
print(nan ~= nan, nan == nan)
print(nan < 1, nan > 1, nan <= 1, nan >= 1)
print(1 < nan, 1 > nan)
local t = {}
print(pcall(function() t[nan] = 1 end))
print(rawget(t, nan))
print(t[nan])
local n2 = nan + 1
print(n2 ~= n2)
print(not (nan < 0) and not (nan >= 0))
