-- math.abs/ceil/floor/sqrt called with one argument and one result in hot loops (a
-- compiling tier computes them inline): numbers of every kind, coercible strings, bad
-- arguments, and the functions replaced while the loop runs.
local sqrt, floor, ceil, abs = math.sqrt, math.floor, math.ceil, math.abs

local acc = 0
for i = 1, 400 do
  local x = (i - 200) / 7
  acc = acc + sqrt(i) + floor(x) + ceil(x) + abs(x) + math.floor(-x)
end
print(string.format("%.17g", acc))

-- special values
local specials = { 0, -0, 0.5, -0.5, 1e308, -1e308, 1/0, -1/0, 2^53 + 1, -2^52 - 0.5 }
for r = 1, 30 do
  for _, v in ipairs(specials) do
    local a, b, c, d = floor(v), ceil(v), abs(v), sqrt(abs(v))
    if r == 30 then print(v, a, b, c, d, 1 / a, 1 / b) end
  end
end
print(sqrt(-1) ~= sqrt(-1), floor(0/0) ~= floor(0/0))

-- strings are coerced, other types are errors with the function's name
local function f(v) return floor(v) end
for i = 1, 300 do f(i + 0.5) end
print(f("3.7"), f(" -2.5 "), f("0x10"))
print(pcall(f, nil))
print(pcall(f, {}))
print(pcall(f, "x"))
print(pcall(function() return sqrt() end))

-- the callee changes: a user function with the same name, then the original again
local count = 0
for i = 1, 600 do
  if i == 200 then sqrt = function(x) count = count + 1; return -x end end
  if i == 400 then sqrt = math.sqrt end
  acc = acc + sqrt(i)
end
print(string.format("%.17g", acc), count)

-- math.floor through the table each time, and replaced in the table
local s = 0
for i = 1, 500 do
  if i == 250 then math.floor = function(x) return 1000 end end
  s = s + math.floor(i / 3)
end
math.floor = floor
print(s)

-- more arguments or results than one go the general way
local t = {}
for i = 1, 300 do t[#t + 1] = floor(i / 2, "ignored") end
print(#t, t[300], select("#", floor(2.5)), (floor(2.5)))
