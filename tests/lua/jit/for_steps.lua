-- Numeric for loops with computed steps (positive, negative, zero-free, fractional,
-- changing between calls) in compiled code.
local function run(a, b, s)
  local n, last = 0, nil
  for i = a, b, s do
    n = n + 1
    last = i
    if n > 1000 then break end
  end
  return n, last
end
local out = {}
for k = 1, 300 do
  local s = (k % 4 == 0) and -((k % 7) + 1) or ((k % 5) + 1)
  local n, last = run(k % 50, 50 - k % 50, s)
  out[#out + 1] = n .. ":" .. tostring(last)
end
print(table.concat(out, " ", 1, 40))
print(table.concat(out, " ", 261, 300))
print(run(1, 2, 0.25))
print(run(2, 1, -0.5))
print(run(1, 0, 1))
print(run(0, 1, -1))
print(run(1, 3, 1e308))
print(run(-1e308, 0, 1e308))
print(run(1, 1, 0.1))
print(run(0, 0.3, 0.1))
local nan = 0 / 0
print(run(1, nan, 1), run(nan, 1, 1))
print(pcall(run, 1, 2, "x"))
