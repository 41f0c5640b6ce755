local s = "hello world, hello moon"
print(s:find("hello"), s:find("hello", 2), s:find("moon"), s:find("xyz"), s:find("o", -4))
print(s:find("o w"), s:find("", 1), s:find(""), s:find("", 5), s:find("", 100), s:find("", -100))
-- init beyond the end is clamped to the length (Lua 5.1), so an empty pattern still matches
print(("abc"):find("", 10), ("abc"):find("c", 10), ("abc"):find("", 4), ("abc"):find("", 3), ("abc"):find("a", 0))
print(("abc"):find("b", -1), ("abc"):find("b", -2), ("abc"):find("b", -100), ("abc"):find("b", 1e100), ("abc"):find("b", 0/0))
-- plain = true disables patterns
print(("a.b*c"):find(".", 1, true), ("a.b*c"):find("b*", 1, true), ("a+b"):find("+", 1, true), ("x%d"):find("%d", 1, 1))
print(("a.b"):find(".", 1, false), ("a.b"):find(".", 1, nil), ("(x)"):find("(", 1, true), ("^ab"):find("^a", 1, true))
-- patterns without special characters use a plain search
print(("a)b]c}"):find(")"), ("a)b]c}"):find("]"), ("a)b]c}"):find("}"), ("1,2"):find(","))
print(("aaa"):find("aa", 2), ("aaa"):find("aa", 3), ("abcabc"):find("cab"), ("x"):find("xx"))
print(string.find(12345, 34), string.find(1.5, "."), string.find("x", "x", "1"))
print(pcall(string.find))
print(pcall(string.find, "x"))
print(pcall(string.find, "x", {}))
print(pcall(string.find, "x", "x", "y"))
