-- argument checking for iteration functions
print(pcall(ipairs))
print(pcall(ipairs, nil))
print(pcall(pairs))
print(pcall(pairs, 1))
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in nil do end end))
