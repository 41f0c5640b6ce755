-- error levels
local function lvl1() error("level 1", 1) end
local function lvl2() error("level 2", 2) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
local function lvl0() error("level 0", 0) end
print(pcall(lvl0))
local function check(x)
  if type(x) ~= "number" then error("expected number", 2) end
  return x
end
local function user()
  local v = check("str")
  return v
end
print(pcall(user))
-- with a tail call the caller's frame is gone: no position is added
local function tailuser()
  return check("str")
end
print(pcall(tailuser))
local function default() error("default level") end
print(pcall(default))
