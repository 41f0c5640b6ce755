-- objects reachable only through a weak table are collected along with
-- everything they reference
local weak = setmetatable({}, {__mode = "k"})
local function fill()
  for i = 1, 5 do
    local k = {}
    weak[k] = {payload = i}
  end
end
fill()
local anchor = {}
weak[anchor] = {payload = "anchored"}
collectgarbage()
local n, p = 0, nil
for k, v in pairs(weak) do n = n + 1; p = v.payload end
print(n, p)
