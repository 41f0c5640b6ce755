print(string.char(72, 101, 108, 108, 111), "[" .. string.char() .. "]", string.char("65", 66.9))
local s = string.char(0, 1, 127, 128, 255)
print(#s, s:byte(1, -1))
-- arguments are C ints: values that wrap modulo 2^32 into 0..255 are accepted
print(string.char(2^32 + 65), string.char(-2^32 + 66), string.char(67.99))
for _, v in ipairs({256, -1, 1e100, 1/0, -1/0, 0/0, 2^31, 1000}) do
  local ok, r = pcall(string.char, v)
  print(v ~= v and "nan" or v, ok, ok and r:byte() or r)
end
print(pcall(string.char, 65, 66, 300))
print(pcall(string.char, 65, "x"))
print(pcall(string.char, 65, nil))
print(pcall(string.char, {}))
local ok, e = pcall(function() return string.char(65, -2) end)
print(ok, e)
local all = {}
for i = 0, 255 do all[i + 1] = i end
local big = string.char(unpack(all))
print(#big, big:byte(1), big:byte(256), big:sub(66, 70))
