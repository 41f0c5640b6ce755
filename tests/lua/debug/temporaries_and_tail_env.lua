-- debug.getlocal's "(*temporary)" values and getfenv at a tail-call level, as in Lua 5.1.
local n, v = debug.getlocal(0, 1)
print(n, v)
print(debug.getlocal(0, 2))
print(debug.getlocal(0, 3))
print(debug.getlocal(0, 0))
local function f(a)
  local b = 2
  print(debug.getlocal(1, 1), debug.getlocal(1, 2))
  local name, val = debug.getlocal(1, 3)
  print(name, type(val))
end
f(1)
local function t(x)
  if x then
    print(pcall(getfenv, 3))
    print(select(2, pcall(getfenv, 2)) == _G)
    print(getfenv(1) == _G)
  end
end
local function g(x) return t(x) end
g(true)
