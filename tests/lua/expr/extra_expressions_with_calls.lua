-- More expressions than targets, the last one a call or `...`: every expression is
-- evaluated, the call with no results kept, and the targets get the first values.
local log = {}
local function f(...) log[#log + 1] = select("#", ...) return "r1", "r2" end
a = 1, f("x")
print(a, #log)
local b, c = 1, 2, f(1, 2)
print(b, c, #log)
t = {}
t.x = 1, f()
print(t.x, #log)
local d = 1, (function() log[#log + 1] = "anon" end)()
print(d, log[#log])
x1, x2 = 1, 2, 3, f()
print(x1, x2, #log)
local function g(...)
  local a = 1, ...
  local p, q = ..., "fixed"
  local r, s, u = 7, ...
  return a, p, q, r, s, u
end
print(g(5, 6))
print(g())
for k, v in next, {10}, nil, f() do print("for", k, v) end
print(#log)
local e, e2, e3 = 1, f()
print(e, e2, e3)
local h = {f(), f()}
print(#h, h[1], h[2], h[3])
