-- Numeric for loops whose index the JIT also keeps as an integer to index arrays: integer,
-- fractional and huge bounds, negative steps, the variable changed or captured in the body,
-- loops entered in the middle (on-stack replacement), and derived keys (i + 1, i - 2).
local t = {}
for i = 1, 200 do t[i] = i * 3 end

local function sum_range(a, b, s)
  local acc = 0
  for i = a, b, s do
    local v = t[i]
    if v then acc = acc + v else acc = acc + 0.5 end
  end
  return acc
end

local function shifted(n)
  local acc = 0
  for i = 1, n do acc = acc + t[i + 1] - t[i] + (t[i - 2] or 7) end
  return acc
end

local function reassigned(n)
  local acc = 0
  for i = 1, n do
    local k = i
    i = i * 2                -- only the body's copy changes
    acc = acc + t[k] + (t[i] or -1)
  end
  return acc
end

local function captured(n)
  local fs = {}
  for i = 1, n do
    fs[#fs + 1] = function() return t[i] end
    t[i] = t[i] + 0
  end
  local acc = 0
  for i = 1, #fs do acc = acc + fs[i]() end
  return acc
end

local r = {}
for k = 1, 60 do
  r[#r + 1] = sum_range(1, 50, 1) + sum_range(50, 1, -3) + shifted(100) + reassigned(150)
end
print(r[1], r[60])
print(sum_range(0.5, 10.5, 1), sum_range(1, 10, 0.5), sum_range(-4, 4, 2))
print(sum_range(2 ^ 40, 2 ^ 40 + 3, 1), sum_range(1, 3, 2 ^ 33))
local n = 0
for i = 1, math.huge do n = n + t[(i % 200) + 1]; if i >= 500 then break end end
print("huge limit", n)
print("captured", captured(100))
-- a long loop in the main chunk, compiled while it runs
local acc = 0
for i = 1, 30000 do acc = acc + t[(i % 100) + 1] + i % 7 end
print("main", acc)
local nested = 0
for i = 1, 40 do
  for j = 40, 1, -1 do nested = nested + t[i] * t[j] % 11 end
end
print("nested", nested)
print(pcall(sum_range, 1, 10, 0))
