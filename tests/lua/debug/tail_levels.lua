-- Tail calls: one "(tail call)" level and one "tail return" event per replaced frame, as in Lua 5.1.
local function c(n) if n == 0 then error("boom") end return c(n - 1) end
local function b(n) return c(n) end
local function a() local x = b(3); return x end
print(pcall(a))
print(select(2, xpcall(a, debug.traceback)))
local function depth(n)
  if n == 0 then
    local k = 0
    while debug.getinfo(k + 1) do k = k + 1 end
    return k
  end
  return depth(n - 1)
end
print(depth(100) - depth(10))
local ev = {}
local function t3(n) if n > 0 then return t3(n - 1) end return 1 end
debug.sethook(function(e) ev[#ev + 1] = e end, "r")
t3(3)
debug.sethook()
print(table.concat(ev, ","))
lim = 3000
local function foo (x)
  if x==0 then
    assert(debug.getinfo(lim+2).what == "main")
    for i=2,lim do assert(debug.getinfo(i, "S").what == "tail") end
  else return foo(x-1)
  end
end
foo(lim)
print("deep ok")
