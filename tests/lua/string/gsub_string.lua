local function q(s, n) return string.format("%q", s) .. " " .. tostring(n) end
print(q(("hello world"):gsub("o", "0")))
print(q(("hello world"):gsub("(%w+)", "<%1>")))
print(q(("hello world"):gsub("%w+", "%0 %0")))
print(q(("hello world"):gsub("(%w+) (%w+)", "%2 %1")))
print(q(("abc"):gsub("%w", "%%")))
print(q(("abc"):gsub("b", "%%%0%%")))
-- %x for a non-digit x is x itself in Lua 5.1, and a final % stands for a NUL byte
print(q(("abc"):gsub("b", "%x%y%.")))
print(q(("abc"):gsub("b", "%")))
print(q(("abc"):gsub("b", "x%")))
-- %1 without captures is the whole match; position captures give numbers
print(q(("abc"):gsub("b", "[%1]")))
print(q(("abc"):gsub("()b()", "%1-%2")))
print(q(("abc"):gsub("(b)", "%0%1%0")))
print(pcall(string.gsub, "abc", "b", "%2"))
print(pcall(string.gsub, "abc", "(b)", "%2"))
print(pcall(string.gsub, "abc", "(b", "%1"))
print(q(("abc"):gsub("(b", "x")))
-- the count limit (a C int)
for _, n in ipairs({0, 1, 2, 3, 10, -1, 2.9, 2^32 + 1, 1e100, 1/0, 0/0}) do
  print(n ~= n and "nan" or n, q(("aaa"):gsub("a", "b", n)))
end
print(q(("aaa"):gsub("a", "b", "2")))
-- numbers work as replacement strings
print(q(("a-b"):gsub("-", 1.5)), q(("a-b"):gsub("-", -0)), q(string.gsub(12321, 2, 9)))
-- replacements with NULs
print(q(("a.b"):gsub("%.", "\0")), q(("a\0b"):gsub("%z", "<%0>")), q(("a\0b"):gsub("\0", "!")))
print(q(("x"):gsub("x", "%0%0%0%0%0%0%0%0%0%0")))
