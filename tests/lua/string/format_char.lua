local f = string.format
print(f("%c%c%c", 76, 117, 97), f("[%5c]", 65), f("[%-5c]", 66), f("[%05c]", 67), f("%c", "68"))
-- %c takes (int) of the number and prints it as unsigned char
print(f("%c", 256 + 65), f("%c", -191), f("%c", 65.9), f("%c", 2^31 + 65 - 2^31))
-- the result of each item is cut at its first NUL (Lua 5.1 uses strlen on sprintf's output)
print(#f("%c", 0), #f("%5c", 0), #f("%-5c", 0), #f("a%cb", 0), #f("%c", 2^32 + 65), #f("%c", 1/0), #f("%c", 0/0))
local all = {}
for i = 1, 255 do all[#all + 1] = f("%c", i) end
local s = ""
for i = 1, #all do s = s .. all[i] end
print(#s, s:byte(1), s:byte(255), s:sub(65, 70))
print(pcall(f, "%c"))
print(pcall(f, "%c", "x"))
print(pcall(f, "%c", {}))
