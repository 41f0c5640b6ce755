-- Finalizer errors reach an explicit collectgarbage() (Lua 5.1 propagates them); a userdata
-- being finalized is already gone from weak values (its weak keys stay one more cycle);
-- collectgarbage("step", n) takes fewer steps per cycle as n grows; finalizers that fail at
-- exit do not stop the others.
local u = newproxy(true)
getmetatable(u).__gc = function() error("in gc") end
u = nil
print(pcall(collectgarbage))
print(pcall(collectgarbage))

local keep = newproxy(true)
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
local seen = {}
getmetatable(keep).__gc = function(o)
  seen[#seen + 1] = tostring(wv[1] == nil) .. "," .. tostring(wk[o] ~= nil)
end
local victim = newproxy(keep)
wv[1] = victim
wk[victim] = "k"
victim = nil
collectgarbage()
print(seen[1], next(wv))
collectgarbage()
print(next(wk))

local function dosteps(size)
  collectgarbage()
  collectgarbage("stop")
  local a = {}
  for i = 1, 200 do a[i] = {{}} end
  a = nil
  local before = collectgarbage("count")
  local n = 0
  repeat n = n + 1 until collectgarbage("step", size)
  return n, collectgarbage("count") < before
end
local s0, freed0 = dosteps(0)
local s2 = dosteps(2)
local s6 = dosteps(6)
print(s0 > 10, s6 < s2, dosteps(10000) == 1, freed0)
print(collectgarbage("step", 1000000))

local last = newproxy(true)
___keep = {last}
getmetatable(last).__gc = function() print("closing") end
local bad = newproxy(true)
getmetatable(bad).__gc = function(o) return o + 1 end
for i = 1, 3 do ___keep[#___keep + 1] = newproxy(bad) end
print("end of chunk")
