-- several handles to one file, files in tables, closing through io.close(f)
local name = os.tmpname()
local handles = {}
for i = 1, 5 do
  handles[i] = assert(io.open(name, i == 1 and "w" or "a"))
end
for i = 1, 5 do
  handles[i]:write("h", i, "\n")
  io.close(handles[i])
end
local count = 0
for l in io.lines(name) do count = count + 1; io.write(l, " ") end
print(count)
-- a file read in a loop with a buffer of small reads
local f = assert(io.open(name))
local chunks = {}
while true do
  local c = f:read(2)
  if not c then break end
  chunks[#chunks + 1] = c
end
print(#chunks, table.concat(chunks, "|"))
f:close()
-- many files opened and collected
for i = 1, 200 do
  local g = assert(io.open(name))
  g:read("*l")
end
collectgarbage()
print("ok")
os.remove(name)
