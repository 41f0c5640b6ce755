-- ... in various expressions
local function f(...)
  local a = ... 
  local t = {..., "end"}
  local u = {"start", ...}
  return a, #t, #u, (...)
end
print(f(1, 2, 3))
local function g(...) return select('#', ...), select('#', (...)) end
print(g(1, 2, 3))
print(pcall(g))
local function h(...) local x, y = ..., "y" return x, y end
print(h(1, 2))
local function k(...) return ... , ... end
print(k(1, 2))
