local f = string.format
local vals = {0, 1, 7, 8, 15, 16, 255, 256, 4095, 65535, 2^32, 2^40 + 5, 123456789}
local specs = {"%x", "%X", "%#x", "%#X", "%o", "%#o", "%08x", "%#08x", "%-8x|", "%#-8X|", "%.4x", "%#.4x",
  "%.0x", "%#.0x", "%#.0o", "%.0o", "%+x", "% x", "%u", "%5u", "%.6o", "%#10.6o"}
for _, sp in ipairs(specs) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = f(sp, v) end
  print(sp, unpack(row))
end
