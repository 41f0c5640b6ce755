local f = string.format
local inf, ninf = 1/0, -1/0
local nan = inf - inf
local specs = {"%f", "%e", "%g", "%E", "%G", "%5f|", "%-6e|", "%06g", "%+f", "% e", "%+G", "%.3f", "%#g", "%010.2f"}
for _, sp in ipairs(specs) do
  print(sp, f(sp, inf), f(sp, ninf), f(sp, nan), f(sp, -nan))
end
print(f("%d %x", inf, nan))
