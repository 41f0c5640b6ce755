local function show(...)
  local n = select("#", ...)
  local o = ""
  for i = 1, n do o = o .. "[" .. tostring((select(i, ...))) .. "]" end
  return o
end
print(show(("abcd"):match("((a)(b(c)))(d)")))
print(show(("hello world"):match("((%a+) (%a+))")))
print(show(("abc"):match("()a()b()c()")), show(("abc"):find("()b")), show(("abc"):match("(()b())")))
print(show(("x = 10, y = 20"):match("(%a) = (%d+), (%a) = (%d+)")))
-- back-references
print(show(("abcabc"):match("(abc)%1")), show(("abab"):match("^(ab)%1$")), show(("abba"):match("(a)(b)%2%1")))
print(show(([[say "hi" and 'bye']]):match("([\"'])(.-)%1")), show(("aXbXc"):match("(X).-%1")))
print(show(("==x==y=="):match("(=+)(.-)%1")), show(("[[a]=]]"):match("%[(=*)%[(.-)%]%1%]")))
print(show(("aa"):match("()a%1")), show(("a1a"):match("(a)%d%1")), show(("aa"):find("(a)%1", 2)))
-- captures of empty strings and of the whole match
print(show(("abc"):match("(x*)")), show(("abc"):match("(a)(x*)(b)")), show(("abc"):find("(x*)$")))
print(show(string.find("abc", "b")), show(string.match("abc", "b")), show(string.find("abc", "(b)")))
print(show(("key:value"):match("^([^:]*):(.*)$")), show((":"):match("^([^:]*):(.*)$")))
-- 32 captures are allowed, 33 are not
local p32 = ("(.)"):rep(32)
local t = {("abcdefghijklmnopqrstuvwxyz0123456789"):match(p32)}
print(#t, t[1], t[26], t[32])
print(pcall(string.match, ("x"):rep(40), ("(.)"):rep(33)))
print(pcall(string.match, "", ("()"):rep(33)))
print(select("#", string.match("", ("()"):rep(32))))
