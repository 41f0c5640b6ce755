-- weak keys: entries disappear when keys are collected
-- (objects are created inside helper functions so that no stale
-- temporaries of the main chunk keep them alive)
local weak = setmetatable({}, {__mode = "k"})
local function fill(keep)
  for i = 1, 10 do
    local k = {}
    weak[k] = i
    if i % 2 == 0 then keep[#keep + 1] = k end
  end
  weak["strkey"] = "strings are not collected"
end
local keep = {}
fill(keep)
collectgarbage()
collectgarbage()
local function count()
  local n, sum = 0, 0
  for k, v in pairs(weak) do
    n = n + 1
    if type(v) == "number" then sum = sum + v end
  end
  return n, sum
end
print(count())
keep = nil
collectgarbage()
print(count())
