-- weak keys and values
local weak = setmetatable({}, {__mode = "kv"})
local k1, v1 = {}, {}
local function fill()
  weak[k1] = {}          -- value collectable
  weak[{}] = v1          -- key collectable
  weak.s = v1            -- string key, value kept alive by v1
  weak[1] = 2            -- both non-collectable
  weak[k1 == nil] = k1   -- boolean key, value kept alive by k1
end
fill()
collectgarbage()
local function count()
  local n = 0
  for k, v in pairs(weak) do n = n + 1 end
  return n
end
print(count())
local function show() print(weak.s == v1, weak[1], weak[k1], weak[false] == k1) end
show()
k1, v1 = nil, nil
collectgarbage()
print(count())
