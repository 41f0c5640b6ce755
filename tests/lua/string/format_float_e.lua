local f = string.format
local vals = {0, 1, -1, 0.5, 15, 25, 1234.5678, -0.000123, 1e-300, 1e300, 5e-324, 1.7976931348623157e308,
  9.9999999, 0.00001, 123456789012}
local specs = {"%e", "%E", "%.0e", "%#.0e", "%.1e", "%.3e", "%12.3e", "%-12.3e|", "%012.3e", "%+.2e", "% .2E", "%.10e"}
for _, sp in ipairs(specs) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = f(sp, v) end
  print(sp, unpack(row))
end
print(f("%.40e", 5e-324))
print(f("%.99e", 1/3))
