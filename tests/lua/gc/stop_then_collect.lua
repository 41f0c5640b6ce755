-- collectgarbage("stop") holds until the next full cycle: a full collect (or a step that
-- finishes a cycle) restarts automatic collection, as in Lua 5.1.
local function churn(n)
  for i = 1, n do local t = {i, i + 1, {}} end
end
collectgarbage()
local base = collectgarbage("count")
collectgarbage("stop")
churn(20000)
print("stopped: grew", collectgarbage("count") - base > 500)
collectgarbage()
print("collect frees", collectgarbage("count") - base < 100)
churn(300000)
print("automatic again", collectgarbage("count") - base < 4000)
collectgarbage("stop")
churn(20000)
print("stopped again", collectgarbage("count") - base > 500)
collectgarbage("restart")
churn(300000)
print("restarted", collectgarbage("count") - base < 4000)
