-- io.lines(filename) and file:lines()
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("one\ntwo\n\nfour\nfive")
f:close()
for l in io.lines(name) do io.write("[", l, "]") end
print()
local n = 0
for l in io.lines(name) do n = n + 1 end
print(n)
f = assert(io.open(name))
for l in f:lines() do io.write("<", l, ">") end
print()
print(io.type(f), f:read("*a"), f:read())
f:close()
-- the lines iterator of io.lines closes the file at the end
local it = io.lines(name)
print(it(), it(), it(), it(), it())
print(it())
print(pcall(it))
-- f:lines does not close
f = assert(io.open(name))
local it2 = f:lines()
print(it2(), f:read("*l"), it2())
f:close()
print(pcall(it2))
-- errors
print(pcall(io.lines, "no_such_file.txt"))
print(pcall(io.lines, {}))
print(pcall(io.lines, nil))
local ok, e = pcall(function() for l in io.lines("no/such/dir/x") do end end)
print(ok, e)
ok, e = pcall(function() return f:lines() end)
print(ok, e)
ok, e = pcall(function() return f.lines(nil) end)
print(ok, e)
-- io.lines() over stdin (empty in the tests)
for l in io.lines() do print("stdin line", l) end
print("after stdin lines")
os.remove(name)
