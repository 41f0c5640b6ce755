-- Table reads and writes with constant number keys in hot code: inside and outside the
-- array part, the hash part, 0, negatives, fractions, huge keys, metamethods on nil.
local out = {}
local function rec(...) out[#out + 1] = table.concat({ ... }, " ") end

local t = { 10, 20, 30 }
local s = 0
for i = 1, 300 do
  t[1] = t[1] + 1
  t[3] = t[2] + t[3]
  s = s + t[1] + t[3] % 7
end
rec(t[1], t[2], t[3], s)

-- keys past the array part (hash), then the array part grows
local u = {}
for i = 1, 300 do
  u[4] = (u[4] or 0) + 1
  u[1] = i
  if i == 150 then u[2] = 0; u[3] = 0 end
end
rec(u[1], u[2], u[3], u[4], #u)

-- 0, negative, fractional and huge constant keys
local w = {}
for i = 1, 300 do
  w[0] = i; w[-1] = -i; w[1.5] = i / 2; w[2^40] = i * 2; w[268435456] = 1
end
rec(w[0], w[-1], w[1.5], w[2^40], w[268435456], w[2^28])

-- nil with a metatable: __index and __newindex apply to constant keys too
local log = {}
local m = setmetatable({}, {
  __index = function(_, k) return "idx" .. k end,
  __newindex = function(tb, k, v) log[#log + 1] = k; rawset(tb, k, v) end,
})
local got
for i = 1, 300 do
  got = m[2]
  if i == 200 then m[2] = "set" end
end
rec(got, #log, log[1])

-- a table whose array slot is emptied while a loop reads it
local v = { 1, 2, 3 }
local nils = 0
for i = 1, 300 do
  if i == 100 then v[2] = nil end
  if i == 200 then v[2] = 5 end
  if v[2] == nil then nils = nils + 1 end
end
rec(nils, v[2])

-- constant keys on something that is not a table
local ok, err = pcall(function()
  local x = "str"
  for i = 1, 300 do if i == 300 then x = nil end local _ = x[1] end
end)
rec(tostring(ok), err)

print(table.concat(out, "\n"))
