-- for loop argument validation
print(pcall(function() for i = "a", 2 do end end))
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = 1, 2, nil do end end))
print(pcall(function() for i = "1", "3" do print(i) end end))
print(pcall(function() for i = 1, 10, 0 do print("zero step", i) break end end))
