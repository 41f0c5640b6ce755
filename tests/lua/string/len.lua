-- string.len and the # operator agree on byte strings
local cases = {"", "a", "hello", "a\0b", "\0\0\0", "caf\195\169", ("x"):rep(1000)}
for i = 1, #cases do
  local s = cases[i]
  print(i, string.len(s), #s, s:len(), string.len(s) == #s)
end
print(string.len(12345), string.len(1.5), string.len(-0.25), string.len(1e100))
print(string.len("\n\r\t"), ("abc"):len())
print(pcall(string.len))
print(pcall(string.len, nil))
print(pcall(string.len, {}))
print(pcall(string.len, true))
local ok, e = pcall(function() return ("x").len() end)
print(ok, e)
