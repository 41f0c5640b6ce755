local s = "The quick brown fox jumps over the lazy dog"
print(s:find("%a+"), s:find("%a+", 4), s:find("q%a*"), s:find("(%a+) (%a+)"))
print(s:find("o.", 20), s:find("%s(%a)(%a)%a*$"), s:find("^The"), s:find("^quick"), s:find("dog$"), s:find("the$"))
print(s:find("()fox()"), s:find("(o)(v)(e)(r)"))
print(("key=val"):find("(%w+)=(%w*)"), ("key="):find("(%w+)=(%w*)"))
print(("  trim  "):find("^%s*(.-)%s*$"))
print(("[[x]]"):find("%[(.*)%]"), ("a.b.c"):find("%.", 3))
print(("aaa"):find("a-", 2), ("aaa"):find("a*", 4), ("aaa"):find("^a*", 2))
for init = -5, 6 do
  print(init, ("hello"):find("l+", init), ("hello"):find("()", init))
end
print(pcall(string.find, "abc", "[a-", 4))
print(string.find("abc", "x[a-"))
print(pcall(string.find, "abc", "[a-"))
