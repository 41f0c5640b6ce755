-- numbers adjacent to other tokens
local x = 3
print(x..x)
print(1 ..2)
print(0x10 ..'')
print(1e2 .. "")
print(2 .."")
local t = {10, 20}
print(t[1]+t[2])
print(-1, - 1, -(-1))
print(1e-3, 5e-324 > 0, 1e308 * 10)
