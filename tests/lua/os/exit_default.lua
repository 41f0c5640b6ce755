-- os.exit() exits with status 0; a fractional code is truncated
print(pcall(os.exit, true))
print(pcall(os.exit, "x"))
print("bye")
os.exit()
print("not reached")
