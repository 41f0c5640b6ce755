local f = string.format
local vals = {0, 1, -1, 42, -42, 123456789, -987654321, 2^31, -2^31, 2^53, -2^53}
local specs = {"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%.3d", "%8.3d", "%-8.3d|", "%08.3d",
  "%.0d", "%+.0d", "% 5d", "%-+6d|", "%#d", "%0-5d|", "%99d"}
for _, sp in ipairs(specs) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = "<" .. f(sp, v) .. ">" end
  print(sp, unpack(row))
end
print(f("%d %d %d", "10", " 0x1F ", "1e3"))
print(f("%5.2d|%-5.2d|%05.2d", 3, 3, 3))
