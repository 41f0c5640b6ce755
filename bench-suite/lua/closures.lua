-- Closures: create many closures, share upvalues between them, update upvalues in loops,
-- and call through function values (counters, accumulators, composition, memoisation).
-- Usage: closures.lua [rounds]
local rounds = tonumber(arg and arg[1]) or 4000

local function make_counter(start, step)
  local n = start
  return function()
    n = n + step
    return n
  end
end

-- two closures sharing one upvalue
local function make_account(balance)
  local function deposit(x) balance = balance + x; return balance end
  local function withdraw(x) balance = balance - x; return balance end
  local function get() return balance end
  return deposit, withdraw, get
end

local function compose(f, g)
  return function(x) return f(g(x)) end
end

local function memoize(f)
  local cache = {}
  return function(x)
    local v = cache[x]
    if v == nil then
      v = f(x)
      cache[x] = v
    end
    return v
  end
end

local total = 0
for r = 1, rounds do
  -- many short-lived counters
  local counters = {}
  for i = 1, 200 do counters[i] = make_counter(i, r % 7 + 1) end
  for _ = 1, 10 do
    for i = 1, 200 do total = total + counters[i]() end
  end
  total = total % 1000000007

  -- shared upvalues
  local dep, wd, get = make_account(r)
  for i = 1, 500 do
    dep(i)
    if i % 3 == 0 then wd(i * 2) end
  end
  total = (total + get()) % 1000000007

  -- upvalue-heavy loop: an inner function updates three outer locals
  local a, b, c = 0, 1, r
  local function step(i)
    a = (a + b * i) % 9973
    b = (b + c) % 9973
    c = (c * 3 + a) % 9973
  end
  for i = 1, 2000 do step(i) end
  total = (total + a + b + c) % 1000000007

  -- closures created in a loop capture a fresh loop variable each iteration
  local fs = {}
  for i = 1, 100 do fs[i] = function(x) return (x * i + r) % 9973 end end
  local f = fs[1]
  for i = 2, 100 do f = compose(fs[i], f) end
  total = (total + f(1)) % 1000000007

  -- memoised recursion through an upvalue
  local fibm
  fibm = memoize(function(k)
    if k < 2 then return k end
    return (fibm(k - 1) + fibm(k - 2)) % 1000000007
  end)
  total = (total + fibm(80 + r % 20)) % 1000000007
end
print("closures", rounds, total)
