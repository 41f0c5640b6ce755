-- closures created in the same scope share upvalues
local function make()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  local function inc() v = v + 1 end
  return get, set, inc
end
local get, set, inc = make()
print(get())
set(10)
print(get())
inc(); inc()
print(get())
local get2, set2 = make()
set2(99)
print(get(), get2())
