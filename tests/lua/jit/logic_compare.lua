-- Conditions whose operand types change in hot code: truthiness of every
-- type (0 and "" are true, only nil and false are false), and/or returning
-- operands rather than booleans, comparisons switching between numbers
-- and strings, and == between different types (always false, no error).

local values = { 0, 1, -1, 0.5, "", "0", "a", true, false, nil, {}, print }
local N = 12   -- values has a hole at 10, iterate by index

local function truth(v) if v then return 1 else return 0 end end
local function land(a, b) return a and b end
local function lor(a, b) return a or b end
local function lnot(a) return not a end

local tsum = 0
for round = 1, 200 do
  for i = 1, N do tsum = tsum + truth(values[i]) end
end
print("truth", tsum)

local function show(v)
  local t = type(v)
  if t == "table" or t == "function" then return t end
  return tostring(v)
end
local rows = {}
for i = 1, N do
  local a = values[i]
  local b = values[(i % N) + 1]
  for r = 1, 100 do land(a, b); lor(a, b) end
  rows[#rows + 1] = show(land(a, b)) .. "/" .. show(lor(a, b)) .. "/" .. show(lnot(a))
end
print(table.concat(rows, " "))

-- and/or as a ternary with a false middle value (classic pitfall, must be kept)
local pit = {}
for i = 1, 6 do pit[i] = show(i % 2 == 0 and false or "odd") end
print("pitfall", table.concat(pit, ","))
print(nil and 1, false and 1, nil or false, false or nil, 1 and nil, 0 or 1, "" and "x")

-- comparison function fed numbers, then strings, then mixed (error)
local function cmp(a, b) return a < b, a <= b, a > b, a >= b, a == b, a ~= b end
local counts = { 0, 0, 0, 0, 0, 0 }
local function tally(...)
  for i = 1, 6 do if select(i, ...) then counts[i] = counts[i] + 1 end end
end
for i = 1, 1000 do tally(cmp(i % 17, i % 13)) end
print("numbers", table.concat(counts, " "))
for i = 1, 1000 do tally(cmp(tostring(i % 17), tostring(i % 13))) end
print("strings", table.concat(counts, " "))
for i = 1, 1000 do tally(cmp(i % 17 + 0.5, i % 13 - 0.5)) end
print("floats", table.concat(counts, " "))
print(pcall(cmp, 1, "1"))
print(pcall(cmp, {}, 1))
print(pcall(cmp, true, false))

-- equality across types never coerces and never errors
local eqc = 0
for i = 1, N do
  for j = 1, N do
    for r = 1, 20 do
      if values[i] == values[j] then eqc = eqc + 1 end
    end
  end
end
print("eq", eqc, 1 == "1", "1" == 1, 0 == false, nil == false, 1 == 1.0, "a" == "a")

-- if/elseif chain whose taken branch changes with the input type
local function classify(v)
  if type(v) == "number" then
    if v ~= v then return "nan"
    elseif v == 0 then return "zero"
    elseif v < 0 then return "neg"
    elseif v % 1 ~= 0 then return "frac"
    else return "pos" end
  elseif type(v) == "string" then
    if tonumber(v) then return "numstr" else return "str" end
  elseif v == nil then return "nil"
  elseif v == false then return "false"
  else return "other" end
end
local hist = {}
local inputs = { 0, -3, 2.5, 7, 0 / 0, "12", " 0x10 ", "x", nil, false, true, {} }
for r = 1, 300 do
  for i = 1, 12 do
    local c = classify(inputs[i])
    hist[c] = (hist[c] or 0) + 1
  end
end
local keys = {}
for k in pairs(hist) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", hist[k], " ") end
print()

-- while/repeat with conditions that change type, and break from nested loops
local i, steps = 0, 0
local cond = 1
while cond do
  i = i + 1
  steps = steps + 1
  if i == 500 then cond = "" end      -- still true
  if i == 1000 then cond = false end
end
print("while", steps)
local found
for a = 1, 100 do
  for b = 1, 100 do
    if a * b == 391 then found = a .. "*" .. b; break end
  end
  if found then break end
end
print("break", found)
local rep = 0
repeat rep = rep + 1 until rep >= 1000 and rep % 7 == 0
print("repeat", rep)
