-- generic for with custom iterators
local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end
end
for i in range(4) do print(i) end
local function iter(t, i)
  i = i + 1
  local v = t[i]
  if v then return i, v end
end
local function stateless(t) return iter, t, 0 end
for i, v in stateless({"a", "b", "c"}) do print(i, v) end
local function pairsiter(n)
  return function(s, c)
    if c < s then return c + 1, (c + 1) * (c + 1) end
  end, n, 0
end
for i, sq in pairsiter(5) do print(i, sq) end
for a, b, c in function(_, x) if not x then return 1, 2, 3 end end do print(a, b, c) end
