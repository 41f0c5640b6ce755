-- long strings at various levels, with embedded brackets
local a = [[a[b]c]]
print(a, #a)
local b = [=[x]]y]=]
print(b)
local c = [===[
]==]
]===]
print(c, #c)
local d = [[
]]
print(#d)
local e = [[

two leading newlines, one skipped]]
print(e)
print([==[ [=[ ]=] ]==])
