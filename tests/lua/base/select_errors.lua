-- select argument errors
print(pcall(select))
print(pcall(select, nil))
print(pcall(select, {}))
print(pcall(select, 0))
print(pcall(select, -1))
print(pcall(select, -2, "a"))
print(select(5, 1, 2))
print(select(1))
