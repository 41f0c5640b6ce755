-- Lua 5.1 names a generic-for iterator '(for generator)' as a callee, not in call errors.
print(pcall(function() for k in nil do end end))
print(pcall(function() for k in next, 5 do end end))
print("a\0b", "c")
for k in next, 5 do end
