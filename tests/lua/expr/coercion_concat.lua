-- numbers are coerced to strings in concatenation
print(1 .. "", 1.5 .. "", -3 .. "x")
print("n=" .. 42)
print(10 .. 20)
print(1e100 .. "", 2^53 .. "", 0.1 .. "")
print("a" .. 1 + 2)
print(1/0 .. "", -1/0 .. "")
local n = 7
print("value: " .. n .. "!")
print(#(1 .. 23))
print(type(12 .. ""))
print(pcall(function() return "a" .. true end))
print(pcall(function() return "a" .. nil end))
print(pcall(function() return {} .. "a" end))
