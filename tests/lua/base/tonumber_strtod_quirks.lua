-- lua5.1 converts strings with the C library (strtod / strtoul); on glibc
-- this accepts some surprising inputs. These are lua5.1's observable results.
print(tonumber("inf"), tonumber("-inf"), tonumber("nan"))
print(tonumber("infinity"), tonumber("INF"))
print(tonumber("  0x1p4  "), tonumber("0x.8"))
print(tonumber("1e500"), tonumber("-1e500"), tonumber("1e-500"))
print(tonumber("1\0"), tonumber("\0"), tonumber("1\0x"))
-- with an explicit base, strtoul accepts a sign and wraps negatives
print(tonumber("-ff", 16), tonumber("-101", 2), tonumber("-0", 10))
print(tonumber("+ff", 16), tonumber("0xff", 16))
