-- How chunk names are displayed (luaO_chunkid with LUA_IDSIZE 60): string chunks are cut
-- after 43 bytes or at the first newline, "=name" after 59 bytes, "@name" keeps its last 52.
local function err(src, name)
  local f, e = loadstring(src, name)
  if not f then return "compile: " .. e end
  return select(2, pcall(f))
end
for _, n in ipairs({ 30, 42, 43, 44, 45, 60, 100 }) do
  local src = "error('x') --" .. string.rep("a", n - 13)
  print(#src, err(src))
end
print(err("error('y')\nreturn 1"))
print(err("\nerror('z')"))
print(err("error('w')", "=" .. string.rep("n", 58)))
print(err("error('w')", "=" .. string.rep("n", 59)))
print(err("error('w')", "=" .. string.rep("n", 70)))
print(err("error('v')", "@" .. string.rep("d", 52)))
print(err("error('v')", "@" .. string.rep("d", 53) .. "/file.lua"))
print(err("local x = = 1", "@" .. string.rep("p", 60) .. ".lua"))
print(err("local x = = 1", string.rep("s", 80)))
print(err("x = ", "=short"))
local ok, tb = xpcall(function() local f = loadstring("local t = nil; return t.x", "@" .. string.rep("q", 70)); return f() end, debug.traceback)
print(ok, (tb:gsub("\n.*", "")))
