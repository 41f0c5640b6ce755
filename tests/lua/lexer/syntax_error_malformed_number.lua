local x = 3x4
print(x)
