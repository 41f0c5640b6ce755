-- weak values
local weak = setmetatable({}, {__mode = "v"})
local strong = {}
local function fill()
  for i = 1, 10 do
    local v = {i}
    weak[i] = v
    if i > 7 then strong[i] = v end
  end
  weak.num = 123
  weak.str = "string values stay"
end
fill()
collectgarbage()
local function count()
  local n = 0
  for k, v in pairs(weak) do n = n + 1 end
  return n
end
print(count())
local function show()
  print(weak[8][1], weak[9][1], weak[10][1], weak[1])
  print(weak.num, weak.str)
end
show()
strong = nil
collectgarbage()
print(count())
