-- table.sort errors
print(pcall(table.sort))
print(pcall(table.sort, 1))
print(pcall(table.sort, {}, 1))
print(pcall(table.sort, {}, "f"))
print(pcall(table.sort, {3, 2, 1}, {}))
print(pcall(table.sort, {1, "x"}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2, nil, 4}))
print(pcall(table.sort, {true, false}))
-- inconsistent comparators
local function always() return true end
for n = 1, 12 do
  local t = {}
  for i = 1, n do t[i] = i end
  local ok, e = pcall(table.sort, t, always)
  print(n, ok, e)
end
local t = {}
for i = 1, 20 do t[i] = 20 - i end
print(pcall(table.sort, t, function(a, b) return a <= b end))
local e = {}
for i = 1, 20 do e[i] = 5 end
print(pcall(table.sort, e, function(a, b) return a <= b end))
-- the error names the caller's line
local ok, msg = pcall(function()
  local x = {5, 4, 3, 2, 1, 0, 9, 8}
  table.sort(x, function() return true end)
end)
print(ok, msg)
-- errors raised by the comparator propagate
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp " .. a .. b) end))
local okt, et = pcall(table.sort, {3, 2, 1}, function(a, b) error({}) end)
print(okt, type(et))
ok, msg = pcall(function() table.sort({1, 2}, 3) end)
print(ok, msg)
