local f = string.format
local vals = {0, 1, -1, 0.1, 0.5, 100, 100000, 1000000, 1234567, 0.0001, 0.00001, 0.000123456,
  123.456, 1e15, 1e16, 1e100, -1e-100, 3.14159265358979, 2^53, 1/3, 2/3, 9.9999995, 999999.5}
local specs = {"%g", "%G", "%.0g", "%.1g", "%.2g", "%.3g", "%.10g", "%.14g", "%.17g", "%#g", "%#.0g", "%#.3g",
  "%10g|", "%-10g|", "%010g", "%+g", "% g", "%#10.4G"}
for _, sp in ipairs(specs) do
  local row = {}
  for _, v in ipairs(vals) do row[#row + 1] = f(sp, v) end
  print(sp, unpack(row))
end
-- %.14g is what tostring uses
for _, v in ipairs(vals) do
  print(f("%.14g", v) == tostring(v))
end
