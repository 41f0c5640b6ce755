local function show(...)
  local n = select("#", ...)
  local o = ""
  for i = 1, n do o = o .. "[" .. tostring((select(i, ...))) .. "]" end
  return o
end
print(show(("hello"):find("^h")), show(("hello"):find("^e")), show(("hello"):find("^e", 2)), show(("hello"):find("o$")))
print(show(("hello"):find("l$")), show(("hello"):find("^hello$")), show(("hello"):find("^$")), show((""):find("^$")))
-- ^ is only an anchor at the start of the pattern, $ only at the end
print(show(("a^b"):find("a^b")), show(("a$b"):find("a$b")), show(("a$"):find("a$$")), show(("$"):find("^$$")))
print(show(("^x"):find("^^x")), show(("x^"):find("x^")), show(("ab$"):find("b$", 1)), show(("a$b"):match("(%$)")))
print(show(("aaa"):match("^a")), show(("baa"):match("^a")), show(("aaa"):match("a$")), show(("aab"):match("a$")))
print(show(("line1\nline2"):match("^(.-)\n")), show(("x"):match("^(x?)$")), show(("xyz"):find("$")), show(("xyz"):find("^", 2)))
-- anchored gsub replaces at most once; gmatch treats ^ literally (Lua 5.1)
print(show(("aaa"):gsub("^a", "b")), show(("aaa"):gsub("a$", "b")), show(("hello"):gsub("^", ">")), show(("hello"):gsub("$", "<")))
local r = ""
for m in ("^a^b^c"):gmatch("^.") do r = r .. "{" .. m .. "}" end
print(r)
r = ""
for m in ("abc"):gmatch("^a") do r = r .. "{" .. m .. "}" end
print(r == "" and "none" or r)
