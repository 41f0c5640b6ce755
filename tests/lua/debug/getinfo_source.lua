-- debug.getinfo's `source` is the chunk name exactly as given to load/loadstring (Lua 5.1
-- keeps it raw); `short_src` is the shortened form that error messages show.
local function show(f)
  local i = debug.getinfo(f, "S")
  print(i.source, i.short_src, i.what)
end
local done = false
show(load(function() if done then return nil end done = true return "return 1" end, "modname"))
show(loadstring("return 1", "modname"))
show(loadstring("return 1"))
show(loadstring("return 1", "=custom"))
show(loadstring("return 1", "@some/file.lua"))
show(loadstring("\n  return 1 -- first line empty", nil))
show(load(function() return nil end))
show(loadstring("local x = 1\nreturn function() return x end")())
show(print)
local long = string.rep("x", 100)
show(loadstring("return 1", long))
show(loadstring("return 1", "@" .. long))
show(loadstring("return 1", "=" .. long))
print(debug.getinfo(1, "S").short_src)
