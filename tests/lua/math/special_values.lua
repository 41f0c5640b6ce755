-- printing of special values produced by math functions
print(math.sqrt(-1), -math.sqrt(-1), math.huge - math.huge, 0/0, -(0/0))
print(math.log(0), -math.log(0), math.log(-1))
print(math.floor(-0.0), math.ceil(-0.2), 0 * -1, -0.0)
print(math.fmod(1, 0), math.fmod(1, math.huge), math.fmod(math.huge, 1))
print(math.huge, -math.huge, math.huge / math.huge, math.huge * 0)
print(math.floor(0/0), math.abs(0/0), math.abs(-(0/0)), math.max(0/0), math.min(0/0))
print(math.sqrt(0/0), math.exp(0/0), math.sin(0/0), math.floor(-(0/0)))
local nan = 0/0
print(nan == nan, nan ~= nan, nan < 1, nan > 1, math.huge > 1e308)
print(1e308 * 10, -1e308 * 10, 2^1023 * 2, 2^-1074, 2^-1075)
print(math.pi * 1e16, math.pi * 1e-5, 1 / 3, 2 / 3, 100 / 7)
print(math.floor(1e100), math.ceil(-1e100), math.floor(2^63), math.floor(-2^63))
