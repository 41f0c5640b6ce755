-- os.tmpname creates a fresh file
local a, b = os.tmpname(), os.tmpname()
print(type(a), a ~= b, #a, #b)
local f = io.open(a, "r")
print(f ~= nil)
print(f:read("*a") == "")
f:close()
print(os.remove(a), os.remove(b))
print(io.open(a) == nil)
