-- a memo cache with weak values
local cache = setmetatable({}, {__mode = "v"})
local made = 0
local function get(n)
  local v = cache[n]
  if not v then made = made + 1; v = {n = n}; cache[n] = v end
  return v
end
local held = {}
local function hold() for i = 1, 5 do held[i] = get(i) end end
local function touch() for i = 1, 5 do local _ = get(i) end end
hold()
touch()
print(made)
held = nil
collectgarbage()
touch()
print(made)
