-- os.exit flushes buffered output and exits with the given code
print("before exit")
io.write("partial line ")
io.stdout:write("and more\n")
io.stderr:write("to stderr\n")
os.exit(3)
print("not reached")
