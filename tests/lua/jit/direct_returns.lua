-- Returns from functions entered by direct calls from compiled code: callers wanting one
-- value, none, two, or all of them, through tail calls, with tables built in the return.
local function make(d)
  if d == 0 then return {} end
  d = d - 1
  return { make(d), make(d) }
end

local function count(t)
  if t[1] == nil then return 1 end
  return 1 + count(t[1]) + count(t[2])
end

local function one(x) return x + 1 end
local function two(x) return x, x * 2 end
local function none(x) local y = x end
local function pass(x) return one(x) end          -- tail call: the frame keeps its caller's want
local function pass2(x) return two(x) end
local function deep(n) if n == 0 then return 0 end return deep(n - 1) end

local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...) or 100) end
  return s, select('#', ...)
end

local acc = 0
for i = 1, 300 do
  acc = acc + one(i)                       -- one wanted, one returned
  local a, b = one(i)                      -- two wanted, one returned: b is nil
  if b ~= nil then error("b should be nil") end
  none(i)                                  -- none wanted, none returned
  local c = none(i)                        -- one wanted, none returned
  if c ~= nil then error("c should be nil") end
  local p, q = two(i)                      -- two and two
  local r = two(i)                         -- one of two
  acc = acc + p + q + r + pass(i) + deep(3)
  local s, n = sum(two(i))                 -- all of them
  local s2, n2 = sum(one(i), pass2(i))     -- one, then all through a tail call
  local s3, n3 = sum(none(i))              -- all of nothing
  acc = acc + s + n + s2 + n2 + s3 + n3
end
print(acc)
print(count(make(8)))
print(select('#', none(1)), select('#', one(1)), select('#', two(1)), select('#', pass2(1)))
print((two(5)), two(6))
