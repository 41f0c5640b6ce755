-- The 200-local and 60-upvalue limits: the messages and lines of lua5.1 for complete chunks.
local s = "\nfunction foo ()\n  local "
for j = 1,300 do s = s.."a"..j..", " end
s = s.."b\nend\n"
print(loadstring(s))
s = "local  s = 1\nfunction foo ()\n  local "
for j = 1,70 do s = s.."a"..j..", " end
s = s.."b\n"
for j = 1,70 do s = s.."function foo"..j.." ()\n a"..j.."=3\n" end
for j = 1,70 do s = s.." end\n" end
s = s .. "end\n"
print(loadstring(s))
local t = {"local x0 = 0"}
for i = 1, 61 do t[#t+1] = "local x" .. i .. " = " .. i end
t[#t+1] = "return function() return x0"
for i = 1, 61 do t[#t+1] = "+ x" .. i end
t[#t+1] = "end"
print(loadstring(table.concat(t, "\n")))
local s2 = "local a0, "
for i = 1, 198 do s2 = s2 .. "a" .. i .. ", " end
print(select(2, loadstring(s2 .. "z")) or "compiles")
print(loadstring(s2 .. "y, z"))
