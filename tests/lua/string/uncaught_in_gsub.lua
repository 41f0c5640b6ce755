-- an error raised inside a gsub replacement function propagates with a traceback through gsub
print((("abc"):gsub("%w", function(c) return c:upper() end)))
local t = string.gsub("abc", "%w", function(c) return c:rep("z") end)
print("not reached", t)
