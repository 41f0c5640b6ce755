local function show(...)
  local n = select("#", ...)
  local o = ""
  for i = 1, n do o = o .. "[" .. tostring((select(i, ...))) .. "]" end
  return o
end
local s = "aaab<x><y>"
local pats = {"a*", "a+", "a-", "a?", "a-b", "a*b", "a?a?a?a?b", "<.*>", "<.->", "<.+>", "<.?>", "b*", "b+", "x*",
  "^a-$", "^a*$", "a*$", ".-$", "(a*)(a*)", "(a-)(a*)", "(a+)(a+)", "(a?)(a?)b", ".*y", ".-y", "[ab]*", "[ab]-<",
  "%a*<", "a*%>", "a+b+<", "(a*)$"}
for _, p in ipairs(pats) do
  print(p, show(s:find(p)), show(s:match(p)))
end
-- backtracking through several quantifiers
print(show(("aaaaaaaaab"):match("^(a*)(a*)(a*)b$")), show(("aaaa"):match("^(a-)(a+)$")), show(("xyz"):match("x?y?z?w?")))
print(show(("abcabc"):match("(.*)c")), show(("abcabc"):match("(.-)c")), show(("a,b,,c"):match("^(.-),(.-),(.-),(.*)$")))
print(show(("1234567890"):match("(%d%d?%d?)(%d+)")), show(("  x"):match("^%s*()")), show(("abc"):match("^(.?)(.?)(.?)(.?)$")))
