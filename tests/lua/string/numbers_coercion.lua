-- numbers are accepted where strings are expected (converted with %.14g)
print(string.len(123), string.len(1/3), string.rep(7, 3), string.sub(3.14159, 1, 4), string.upper(1e300))
print(string.byte(10), string.reverse(-12.5), string.find(10.25, ".", 1, true), string.match(2^63, "%d+"))
print(string.gsub(1000000, "0", "o"), string.gsub(0.1, "%.", ","), string.format(12), string.format(0.5))
-- strings are accepted where numbers are expected
print(string.sub("hello", "2", "3"), string.rep("x", "3"), string.byte("abc", " 2 "), string.char("0x41"))
print(string.format("%d %5.1f %x", "42", "3.14159", "255"), ("abc"):sub("-1"))
print(pcall(string.sub, "hello", "two"))
print(pcall(string.rep, "x", "3x"))
print(pcall(string.format, "%d", "0x"))
print(pcall(string.char, ""))
-- string results combine with arithmetic coercion
print(string.match("v=41", "%d+") + 1, "10" + string.len("abc"), string.rep("1", 3) * 2)
print(tostring(1e15), string.format("%s", 1e15), 1e15 .. "", string.format("%.14g", 1e15))
