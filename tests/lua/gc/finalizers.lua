local log = {}
local function mk(name)
  local u = newproxy(true)
  getmetatable(u).__gc = function(x) log[#log + 1] = name end
  return u
end
do local a, b, c = mk("a"), mk("b"), mk("c") end
collectgarbage()
print(table.concat(log, ","))
local keep = mk("kept")
local p2 = newproxy(keep)
collectgarbage()
print(#log)
local res
do
  local u = newproxy(true)
  getmetatable(u).__gc = function(x) res = x end
end
collectgarbage()
print(type(res))
res = nil
collectgarbage()
print("end", #log)
local last = mk("at exit")
getmetatable(last).__gc = function() print("finalized at exit") end
