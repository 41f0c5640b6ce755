-- integer conversions truncate like C's cast of a double to long / unsigned long (x86-64)
local f = string.format
local vals = {3.7, -3.7, 0.5, -0.5, 1e15 + 0.5, 2^62, 2^63 - 1024, 2^63, -2^63, 2^64, -2^64, 1e100, -1e100, 1/0, -1/0, 0/0}
for _, v in ipairs(vals) do
  local name = v ~= v and "nan" or tostring(v)
  print(name, f("%d", v), f("%i", v), f("%u", v), f("%x", v), f("%X", v), f("%o", v))
end
print(f("%x %x %x", -1, -2, -255), f("%u", -1), f("%o", -8))
print(f("%x", 2^63 + 2048), f("%x", 2^64 - 2048), f("%u", 2^63 + 4096))
print(f("%d", -0.0), f("%x", -0.0), f("%5.1x|", 0.9))
