-- A local whose scope has ended at its frame's pc (the frame is in a call that is the last
-- statement of the block) is still read by closures through its open upvalue, so a
-- collection during that call must keep it.

do
  local x = 42
  local function f() collectgarbage(); print("explicit", x) end
  f()
end

do
  local t = {1, 2, 3}
  local function f()
    for _ = 1, 50000 do local _ = {} end -- collections triggered by allocation
    print("allocation", t and #t)
  end
  f()
end

do
  local write = io.write
  local function f() collectgarbage(); write("native upvalue\n") end
  f()
end

local function outer()
  local x = "outer"
  local function f() collectgarbage(); return x end
  return f() -- a tail call: outer's frame is gone, the upvalue is closed
end
print(outer())

local function outer2()
  local x = {"outer2"}
  local function f() collectgarbage(); return x[1] end
  print(f())
end
outer2()

do
  local n = 7
  local co = coroutine.wrap(function()
    local m = n * 2
    local function g() collectgarbage(); return m + n end
    coroutine.yield(g())
    collectgarbage()
    print("resumed", m, n)
  end)
  print("yielded", co())
  co()
end

-- The main chunk's last statement calls a function reading main-chunk locals.
local big = {}
for i = 1, 100 do big[i] = i end
local function main()
  collectgarbage()
  local s = 0
  for i = 1, #big do s = s + big[i] end
  print("main", s)
end
main()
