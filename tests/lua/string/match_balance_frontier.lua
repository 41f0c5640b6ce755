local function show(...)
  local n = select("#", ...)
  local o = ""
  for i = 1, n do o = o .. "[" .. tostring((select(i, ...))) .. "]" end
  return o
end
print(show(("f(a(b)c) d"):match("%b()")), show(("f(a(b c"):match("%b()")), show(("x{y{z}}w"):find("%b{}")))
print(show(("if (a and (b or c)) then"):match("(%b())")), show(("<<a>b>"):match("%b<>")), show(("]x["):match("%b[]")))
print(show(('"quoted" rest'):match('%b""')), show(("aXbXc"):match("%bXX")), show(("abba"):match("%bab")))
print(show(("(a)(b)"):gsub("%b()", "P")), show(("((x)"):match("%b()")), show(("(x))"):match("%b()")))
print(show(("call(f(1), g(2, 3))"):match("^(%w+)(%b())$")))
-- frontier: transitions between not-in-set and in-set
print(show(("THE (quick) fox"):find("%f[%a]%a+")), show(("THE (quick) fox"):find("%f[%l]%a+")))
local words = ""
for w in ("hello, big world! 42x y"):gmatch("%f[%w]%w+%f[%W]") do words = words .. "<" .. w .. ">" end
print(words)
print(show(("abc"):find("%f[%z]")), show(("abc"):find("%f[^%z]")), show(("abc"):find("%f[b]")), show(("aaa"):find("%f[a]", 2)))
print(show(("foo bar"):gsub("%f[%w]", "|")), show(("foo bar"):gsub("%f[%W]", "|")))
print(show(("THEN then tHeN"):gsub("%f[%a]%u+%f[%A]", "X")))
print(show(("x"):find("%f[]x]")), show(("a]b"):find("%f[]]")))
print(pcall(string.find, "x", "%f"))
print(pcall(string.find, "x", "%fx"))
print(pcall(string.find, "x", "%f[x"))
print(pcall(string.find, "x", "%b"))
print(pcall(string.find, "x", "%b("))
print(show(string.find("x", "y%b")))
