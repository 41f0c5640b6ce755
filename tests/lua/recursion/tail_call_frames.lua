-- Tail calls replace the caller's frame: open upvalues of the replaced frame are closed
-- first, missing arguments are nil and extra ones dropped, locals start nil, results reach
-- the original caller (one, many, none), inside pcall, and tracebacks show the tail call.
local function capture(n)
  local x = n * 10
  local get = function() return x end
  local function tail(a, b, c)
    local l1, l2
    return a, b, c, l1, l2
  end
  x = x + 1
  -- `get` reads x through an upvalue that must be closed before the frame is replaced
  return tail(get, n)
end
local g, n, c, l1, l2 = capture(4)
print(g(), n, c, l1, l2)

local function many(...) return ... end
local function t1(k) return many(k, k + 1, k + 2) end
print(t1(1))
print((t1(5)))
local function none() end
local function t0() return none() end
print(select("#", t0()))

local function extra(a) return a end
local function t2() return extra(1, 2, 3, 4, 5) end
print(t2())

-- deep chains inside pcall, errors after tail calls
local function down(k) if k == 0 then error("bottom") end return down(k - 1) end
print(pcall(down, 50000))
local function down2(k) if k == 0 then return "ok", k end return down2(k - 1) end
print(pcall(down2, 50000))

-- a tail call to a vararg function and to a native
local function va(...) return select("#", ...), ... end
local function t3(a, b) return va(a, b, nil) end
print(t3(1, 2))
local function t4(s) return string.upper(s) end
print(t4("abc"))

-- hot tail-recursive loop with closures created in each frame
local function walk(k, acc)
  if k == 0 then return acc end
  local f = function() return k end
  return walk(k - 1, acc + f())
end
print(walk(2000, 0))

-- the traceback names the tail call
local function inner() error("in inner") end
local function outer() return inner() end
print(select(2, xpcall(outer, debug.traceback)))
