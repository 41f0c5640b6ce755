local t = {}
print("sum:", t + 1)
