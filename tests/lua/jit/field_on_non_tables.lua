-- Field reads and writes by constant name on values that stop being tables in hot code:
-- strings (their metatable's __index), nil and numbers (errors naming the variable), a
-- table with __index/__newindex functions, and back to plain tables.
local function getx(o) return o.x end
local function setx(o, v) o.x = v end

local objs = {}
for i = 1, 300 do objs[i] = { x = i } end
local s = 0
for i = 1, 300 do s = s + getx(objs[i]); setx(objs[i], i * 2) end
print(s, objs[7].x)

-- a string: fields come from the string library table
local len = 0
for i = 1, 300 do
  local v = getx(i % 2 == 0 and "str" or objs[i])
  if v == nil then len = len + 1 end
end
print(len, ("abc").len == string.len, ("abc").upper("q"))

-- nil and numbers: the messages name the variable, also once the site went generic
for round = 1, 12 do
  local ok, err = pcall(getx, round % 2 == 0 and nil or 5)
  if round > 10 then print(ok, err) end
  ok, err = pcall(setx, round % 2 == 0 and 7 or nil, 1)
  if round > 10 then print(ok, err) end
end

-- proxies with functions
local log = {}
local proxy = setmetatable({}, {
  __index = function(t, k) return "get " .. k end,
  __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v) end,
})
local r
for i = 1, 300 do
  r = getx(i == 300 and proxy or objs[i])
  setx(i == 299 and proxy or objs[i], i)
end
print(r, #log, log[1], objs[300].x)

-- many fields of one local table, read in a hot loop
local p = { a = 1, b = 2, c = 3, d = 4 }
local acc = 0
for i = 1, 500 do
  acc = acc + p.a + p.b * p.c - p.d
  p.a = p.a + 1
  if i == 400 then p = "now a string" ; break end
end
print(acc, type(p))
