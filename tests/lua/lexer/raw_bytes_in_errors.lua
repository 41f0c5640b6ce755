-- Syntax errors quote the offending bytes and chunk names as they are (not as UTF-8).
local function show(f, e) print(f and "compiles" or e) end
show(loadstring("\255a = 1"))
show(loadstring("x = 1 \200"))
show(loadstring("x = 'abc\255"))
show(loadstring("x = 3\255"))
show(loadstring("x = = 1", "=\233t\233"))
show(loadstring("x = = 1", "@file\255.lua"))
show(loadstring("\195\169 = 1"))
show(loadstring("x = 1\n\255\254"))
local ok, e = pcall(error, "raw \255 value")
print(e, #e)
local f, e2 = loadstring("\255")
print(#e2, e2:byte(-2))
