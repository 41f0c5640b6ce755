local bit = require("bit")
print(bit.tohex(-1), bit.tohex(255, -4), bit.tobit(2^32 + 5), bit.band(0xff, "0x0f"))
print(bit.lshift(1, 33), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8))
print(bit.bswap(0x12345678), bit.bnot(0), bit.tohex(0x1234, 2), bit.tobit(1.5), bit.tobit(-1.5))
print(bit.tobit(2^53), bit.rshift(-1, 0), bit.rshift(-1, 1), bit.lshift(0x7fffffff, 1))
print(bit.band(-1, 0xffffffff), bit.bor(1, 2, 4, 8), bit.bxor(5, 3, 1), bit.band(7))
print(bit.tohex(1, 0), bit.tohex(0xabcdef, 3), bit.tohex(0xabcdef, -3), bit.tohex(-1, 16))
print(bit.tobit(0xffffffff), bit.tobit(-0xffffffff), bit.tobit(4294967296.5))
print(pcall(bit.band, "x"))
print(pcall(bit.band))
print(pcall(bit.lshift, 1))
for i = 0, 35, 7 do io_ = i print(i, bit.lshift(3, i), bit.rshift(0x80000000, i), bit.arshift(0x80000000, i), bit.rol(1, i)) end
-- the classic self-test of LuaBitOp users
local x = 0
for i = 1, 100 do x = bit.bxor(x, bit.lshift(i, i % 32)) end
print(x, bit.tohex(x))
