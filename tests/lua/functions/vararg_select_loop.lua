-- iterating over varargs with select
local function show(...)
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    print(i, v)
  end
end
show("a", nil, 3, false)
show()
local function last(...) local n = select('#', ...) if n > 0 then return (select(n, ...)) end end
print(last(1, 2, 3), last())
