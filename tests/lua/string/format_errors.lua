local f = string.format
local cases = {"%y", "%l", "%ld", "%", "abc%", "%10", "%.5", "%-----d", "%------d", "%-+ #0d", "%-+ #0-d",
  "%100d", "%99d", "%1.100f", "%1.99f", "%123", "%.123f", "%0099d", "%w", "%a", "%A", "%n", "%p", "%S", "%F"}
for _, fmt in ipairs(cases) do
  local ok, r = pcall(f, fmt, 1)
  print(fmt, ok, ok and #r or r)
end
print(pcall(f, "%d"))
print(pcall(f, "%d %d", 1))
print(pcall(f, "%d", "x"))
print(pcall(f, "%d", "10x"))
print(pcall(f, "%f", {}))
print(pcall(f, "%x", nil))
print(pcall(f, "%d", true))
print(pcall(f))
print(pcall(f, {}))
print(pcall(f, nil))
print(pcall(f, "%y"))
print(pcall(f, "%5", 1))
-- errors name the function as it was called
local ok, e = pcall(function() return string.format("%d", "z") end)
print(e)
ok, e = pcall(function() return ("%d"):format("z") end)
print(e)
ok, e = pcall(function() return ("%q"):format() end)
print(e)
ok, e = pcall(function() return f("%z", 1) end)
print(e)
