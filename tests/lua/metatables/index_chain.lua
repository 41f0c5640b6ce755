-- __index as a table, chained
local base = {a = "base a", b = "base b"}
local mid = setmetatable({b = "mid b", c = "mid c"}, {__index = base})
local top = setmetatable({c = "top c"}, {__index = mid})
print(top.a, top.b, top.c, top.d)
base.d = "late base d"
print(top.d)
local deep = {}
local cur = deep
for i = 1, 50 do
  local nxt = {}
  setmetatable(cur, {__index = nxt})
  cur = nxt
end
cur.found = "at depth 50"
print(deep.found)
