-- builtins returning multiple values in expressions
local t = {pcall(function() return 1, 2 end)}
print(#t, t[1], t[2], t[3])
local a, b = next({10})
print(a, b)
print((next({10})))
local s = {select(2, "a", "b", "c")}
print(#s, s[1], s[2])
print(type(unpack({1, 2})))
