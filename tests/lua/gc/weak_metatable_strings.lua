-- weak tables with mixed non-collectable keys/values keep them
local w = setmetatable({}, {__mode = "kv"})
w[1] = "a"; w[2] = true; w.x = 3.5; w[true] = false
collectgarbage()
print(w[1], w[2], w.x, w[true])
local cnt = 0
for _ in pairs(w) do cnt = cnt + 1 end
print(cnt)
