local cases = {
  {"abc", "%"}, {"abc", "a%"}, {"abc", "[a"}, {"abc", "[^a"}, {"abc", "[]"}, {"abc", "[%]"}, {"abc", "%b"},
  {"abc", "%ba"}, {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%f[a"}, {"abc", "(a"}, {"abc", "a)"}, {"abc", "(a))"},
  {"abc", "%1"}, {"abc", "(a)%2"}, {"abc", "(a)%0"}, {"aa", "(a%1)"}, {"abc", "%9"}, {"abc", "()%1"},
  {"abc", "(()"}, {"abc", ")("}, {"abc", "[a-"}, {"abc", "[a-%"}, {"", "%"}, {"", "x%"},
}
for _, c in ipairs(cases) do
  local ok1, e1 = pcall(string.find, c[1], c[2])
  local ok2, e2 = pcall(string.match, c[1], c[2])
  local ok3, e3 = pcall(string.gsub, c[1], c[2], "x")
  local ok4, e4 = pcall(function() for _ in c[1]:gmatch(c[2]) do end end)
  print(c[2], ok1, e1, ok2, e2, ok3, e3, ok4, e4)
end
-- errors are found lazily: a faulty item that is never reached does not raise
print(string.find("abc", "x[a"), string.find("abc", "x%"), string.match("abc", "z(%b"), string.gsub("abc", "x(", ""))
print(string.find("abc", "a)", 1, true), string.find("a)", "a)"))
-- positions in messages refer to the caller
local ok, e = pcall(function() return ("x"):match("(") end)
print(e)
