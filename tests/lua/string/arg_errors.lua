-- argument errors of every function, called directly (name '?') and as fields
local fns = {"len", "sub", "upper", "lower", "rep", "reverse", "byte", "char", "format", "find", "match", "gmatch", "gsub"}
local argsets = {{}, {{}}, {"s", {}}, {"s", 1, {}}, {true}, {"s", "notnum"}, {nil, 1}}
for _, name in ipairs(fns) do
  local f = string[name]
  for i, a in ipairs(argsets) do
    local ok, e = pcall(f, a[1], a[2], a[3])
    if ok then e = "ok" end
    print(name, i, ok, type(e) == "string" and e or type(e))
  end
end
-- through a global call the name comes from the call site
local ok, e = pcall(function() return string.rep() end)
print(e)
ok, e = pcall(function() local upper = string.upper return upper() end)
print(e)
ok, e = pcall(function() return string.char(1, 2, "x") end)
print(e)
ok, e = pcall(function() return string.find("x", "x", {}) end)
print(e)
ok, e = pcall(function() return string.format("%d %s", 1) end)
print(e)
ok, e = pcall(function() return string.dump(1) end)
print(e)
ok, e = pcall(function() return string.dump(print) end)
print(e)
print(type(string.dump(function() return 1 end)))
