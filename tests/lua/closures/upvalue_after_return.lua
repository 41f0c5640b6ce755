-- upvalues survive the return of their scope (closed upvalues)
local function make(n)
  local t = {}
  for i = 1, n do
    local v = i * i
    t[i] = function() return v end
  end
  return t
end
local fs = make(4)
for i = 1, 4 do print(fs[i]()) end
local function acc(start)
  return function(d) start = start + d; return start end
end
local a = acc(100)
print(a(1), a(10), a(-50))
