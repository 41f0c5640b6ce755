-- Hot loops directly in the main chunk (candidates for on-stack
-- replacement) whose variables change type in the middle of the loop.

local x = 0
for i = 1, 5000 do
  if i == 2000 then x = tostring(x) end        -- number -> string
  if i == 3000 then x = tonumber(x) + 0.5 end  -- string -> fraction
  if i == 4000 then x = x * 1e300 end          -- huge
  if i == 4001 then x = -x end                 -- negative huge
  if i == 4500 then print("before inf", x); x = x * 1e10 end  -- -inf
  x = x + 1
end
print("x", x, string.format("%.17g", 1e300 * 1e10))

local acc = 0
local step = 1
local i = 0
while i < 4000 do
  i = i + step
  if i == 1000 then step = 0.5 end
  if i == 2000 then step = "1" end   -- string step: arithmetic coerces
  acc = acc + i
end
print("while", acc, i, type(i), type(step))

-- a loop-carried value that becomes a table with __add, then back to a number
local mt = { __add = function(a, b)
  if type(a) == "table" then return a.n + b end
  return a + b.n
end }
local v = 0
for k = 1, 3000 do
  if k == 1500 then v = setmetatable({ n = v }, mt) end
  v = v + k
end
print("meta", v)

-- a global variable changing type inside a hot loop
G = 1
local cnt = 0
for k = 1, 3000 do
  if k == 1000 then G = "5" end
  if k == 2000 then G = 2.5 end
  cnt = cnt + G
end
print("global", cnt, type(G))

-- repeat-until loop whose condition operand changes type
local r = 0
local lim = 1000
repeat
  r = r + 1
  if r == 500 then lim = "1000" end
until r >= tonumber(lim)
print("repeat", r, lim)

-- loop with a break where the break value is a different type
local found
for k = 1, 10000 do
  local val = k < 3000 and k or ("k" .. k)
  if type(val) == "string" and #val > 4 then found = val; break end
end
print("break", found)

-- a nested loop in the main chunk where the inner body changes behaviour
local grid = 0
for a = 1, 60 do
  for b = 1, 60 do
    local c = (a * b) % 7
    if a > 30 then c = c .. "" end
    grid = grid + c
  end
end
print("grid", grid)

-- error in the middle of a main-chunk hot loop, caught by pcall around a chunk
local chunk = loadstring([[
  local s = 0
  for i = 1, 3000 do
    local v = i
    if i == 2500 then v = nil end
    s = s + v
  end
  return s
]], "=hotchunk")
print(pcall(chunk))
