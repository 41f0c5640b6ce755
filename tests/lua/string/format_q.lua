local f = string.format
print(f("%q", "hello"), f("%q", ""), f("%q", 'say "hi"'), f("%q", "back\\slash"))
print(f("%q", "line1\nline2"))
print(f("%q", "cr\rlf"), f("%q", "nul\0byte"), f("%q", "\0\0001"), f("%q", "tab\tx"))
print(f("%q", 123), f("%q", 1/3), f("%q", -0.5))
-- other bytes (controls, high bytes) are copied as they are
local q = f("%q", "\1\2\27\127\128\255")
print(#q, q:byte(1, -1))
-- flags, width and precision are ignored by %q
print(f("[%10q]", "a"), f("[%-10.1q]", "bc"))
-- %q output reads back as the same string
local samples = {"a\nb", "\0\1\2", "quote\"s", "\\\\", "\r\n", "x\0y\0z", ("\255\0"):rep(5)}
for i = 1, #samples do
  local s = samples[i]
  local back = loadstring and loadstring("return " .. f("%q", s)) or nil
  print(i, #f("%q", s), back == nil or back() == s)
end
print(pcall(f, "%q"))
print(pcall(f, "%q", {}))
