-- Deoptimization while intermediate values are live on the operand stack:
-- the type change happens while evaluating an argument list, a table
-- constructor or the right operand of a concatenation.

local function f(a, b, c) return a * 100 + b * 10 + c end
local function g(...) return select('#', ...), ... end

local meta = { __add = function(a, b) return 1000 end,
               __mul = function(a, b) return 7 end,
               __concat = function(a, b)
                 local l = type(a) == "table" and "T" or a
                 local r = type(b) == "table" and "T" or b
                 return l .. "&" .. r
               end }

local function xval(i)
  if i < 600 then return i
  elseif i < 800 then return tostring(i)    -- numeric string
  elseif i < 1000 then return i + 0.25       -- fraction
  else return setmetatable({}, meta) end     -- table with metamethods
end

local total = 0
local samples = {}
for i = 1, 1200 do
  local x, y = xval(i), 2
  local r = f(i % 3, i % 5, x + y)   -- x + y evaluated with a, b already pushed
  if type(r) == "number" then total = total + r end
  if i % 100 == 0 then samples[#samples + 1] = tostring(r) end
end
print("f", total)
print(table.concat(samples, " "))

-- concatenation with a computed right operand
local t = {}
for i = 1, 1200 do
  local x = xval(i)
  local ok, v = pcall(function() return "a" .. (x * 3) .. "|" .. i end)
  t[i] = ok and v or ("err:" .. v)
end
print(t[1], t[599], t[600], t[799], t[800], t[999], t[1000], t[1200])

-- table constructor with pending items, type change in the middle element
local sums = 0
for i = 1, 1200 do
  local x = xval(i)
  local row = { i, i * 2, x + 1, i * 3, g(i, x + 1) }
  if type(row[3]) == "number" then sums = sums + row[3] end
  sums = sums + row[1] + row[2] + row[4] + row[5]
  if i == 1 or i == 700 or i == 1100 then
    print("row", i, #row, row[1], row[2], type(row[3]), row[4], row[5], type(row[7]))
  end
end
print("sums", sums)

-- nested call arguments with a method call and a multi-result call in the middle
local obj = { k = 5 }
function obj:m(v) return v + self.k end
local acc = 0
for i = 1, 1200 do
  local x = xval(i)
  local ok, a, b, c = pcall(f, obj:m(i), (g(x + i)), i)
  if ok then acc = acc + a else acc = acc - 1 end
  if i == 1001 then print("at 1001", ok, a) end
end
print("acc", acc)

-- comparison operands on the stack
local cnt, errs = 0, 0
for i = 1, 1200 do
  local x = xval(i)
  local ok, r = pcall(function() return (i + 1) < (x + 1) and i * 2 <= x + i + 1 end)
  if ok and r then cnt = cnt + 1 end
  local ok2, r2 = pcall(function() return i - 1 < x end)
  if not ok2 then
    errs = errs + 1
    if errs == 1 or errs == 201 then print("cmp error", i, r2) end
  end
end
print("cnt", cnt, "errs", errs)
