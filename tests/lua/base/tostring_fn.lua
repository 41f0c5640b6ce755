-- tostring of basic values
print(tostring(nil), tostring(true), tostring(false))
print(tostring(0), tostring(-1.5), tostring(1e100), tostring("str"))
print(tostring(""), #tostring(nil))
print(type(tostring({})), type(tostring(print)))
local s = tostring({})
print(#s > 7)
print(pcall(tostring))
print(tostring(1, 2))
