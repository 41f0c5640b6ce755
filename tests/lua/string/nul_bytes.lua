-- strings may contain NUL bytes; Lua 5.1 patterns, however, end at their first NUL
local function q(s) return string.format("%q", s) end
local s = "a\0b\0c"
print(#s, q(s:sub(2, 4)), q(s:upper()), q(s:reverse()), s:byte(2), q(s:rep(2)))
print(s:find("\0"), s:find("\0", 3), s:find("b\0c"), s:find("\0", 1, true))
print(s:find("%z"), s:find("%z", 3), s:find("[%z]c"), s:find("%Z+"), s:find("b%zc"))
-- a pattern with a NUL is cut at the NUL for matching
print(q(string.match("a\0b", "a\0b")), q(string.match("a\0b", "a\0x")), q(string.match("xa\0b", "a\0")))
print(string.find("a\0b", "a\0x."), string.find("a\0b", "\0b"), string.find("a\0b.", "\0b."), string.find("xa\0b", "a\0%w"))
print(q(select(1, string.gsub("a\0b", "a\0z", "!"))), select(2, string.gsub("a\0b", "a\0z", "!")))
local n = 0
for m in ("a\0a\0"):gmatch("a\0zzz") do n = n + 1 end
print(n)
-- replacement strings keep their NULs
print(q((string.gsub("abc", "b", "\0%0\0"))))
-- the whole value travels through captures
print(q(("x\0y\0z"):match("x(.-)z")), q(("\0\0\0"):match("^(%z*)$")), #("\0"):rep(10):match(".*"))
print(q(string.format("%s", "a\0b")), q(string.format("a\0%d", 5)), q(string.format("%q", "\0")))
print(string.len("\0"), ("\0"):byte(), q(string.char(0, 0)), ("\0x"):lower() == "\0x")
