-- assert returns all its arguments on success
local a, b, c = assert(1, 2, 3)
print(a, b, c)
print(select('#', assert(true)))
print(assert(0))
print(assert(""))
print(pcall(assert, false, "message is returned"))
print(pcall(assert, nil, nil))
