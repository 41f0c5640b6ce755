-- Generic for loops: pairs (with sorted keys), ipairs, next, stateless
-- and stateful custom iterators, iterators whose value types change,
-- and closures capturing the loop variables.

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  return ks
end

-- pairs over a mixed table, repeated so the loop is hot; sum is order independent
local t = { 10, 20, 30, x = 1, y = 2, [2.5] = 3, [-1] = 4, ["10"] = 5 }
local sum, n = 0, 0
for round = 1, 500 do
  for k, v in pairs(t) do
    n = n + 1
    sum = sum + v
  end
end
print("pairs", n, sum)
local ks = sorted_keys(t)
for i = 1, #ks do io.write(tostring(ks[i]), "=", tostring(t[ks[i]]), " ") end
print()

-- ipairs stops at the first nil; values of different types
local arr = { 1, "2", 3.5, true, "x", nil, 99 }
local out = {}
for round = 1, 400 do
  local c = 0
  for i, v in ipairs(arr) do
    c = c + i
    if round == 400 then out[#out + 1] = type(v) .. ":" .. tostring(v) end
  end
  if round == 400 then print("ipairs", c, table.concat(out, " ")) end
end

-- ipairs with __index is raw in 5.1 (no metamethods)
local proxy = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * 11 end end })
local pc = 0
for i, v in ipairs(proxy) do pc = pc + 1 end
print("ipairs proxy", pc, proxy[1], proxy[3])

-- a stateless iterator (next-like) over a numeric range with a type change
local function iter(limit, i)
  i = i + 1
  if i > limit then return nil end
  if i % 3 == 0 then return i, tostring(i) end
  if i % 3 == 1 then return i, i + 0.5 end
  return i, { i }
end
local nums, strs, tabs = 0, "", 0
for i, v in iter, 3000, 0 do
  if type(v) == "number" then nums = nums + v
  elseif type(v) == "string" then if #strs < 40 then strs = strs .. v .. "," end
  else tabs = tabs + v[1] end
end
print("stateless", nums, strs, tabs)

-- a stateful closure iterator
local function range(a, b, step)
  local i = a - step
  return function()
    i = i + step
    if (step > 0 and i > b) or (step < 0 and i < b) then return nil end
    return i, i * i
  end
end
local sq = 0
for i, s2 in range(1, 2000, 1) do sq = sq + s2 end
for i, s2 in range(10, 1, -3) do io.write(i, ":", s2, " ") end
print()
print("range", sq)

-- iterator functions returning many values; extra values dropped
local function multi()
  local k = 0
  return function()
    k = k + 1
    if k > 1000 then return nil end
    return k, k * 2, k * 3, k * 4
  end
end
local m1, m3 = 0, 0
for a, b, c in multi() do m1 = m1 + a; m3 = m3 + c end
print("multi", m1, m3)

-- next directly, and capturing loop variables in closures
local keyed = {}
for i = 1, 50 do keyed["k" .. i] = i end
local caps = {}
for k, v in next, keyed do caps[#caps + 1] = function() return v * 2 end end
local cs = 0
for i = 1, #caps do cs = cs + caps[i]() end
print("next", #caps, cs)

-- modifying existing fields during traversal is allowed
local mod = {}
for i = 1, 100 do mod[i] = i; mod["s" .. i] = i end
for k, v in pairs(mod) do mod[k] = v * 2 end
local ms = 0
for k, v in pairs(mod) do ms = ms + v end
print("modify", ms)

-- clearing fields during traversal is allowed too
for k in pairs(mod) do mod[k] = nil end
print("cleared", next(mod))

-- errors from calling a non-function iterator
print(pcall(function() for k in 42 do end end))
print(pcall(function() for k in nil do end end))
