-- Floating point identities in hot code: exact sums printed with %.17g,
-- NaN, signed zero, infinities, comparisons of computed doubles, and
-- integer-looking results of float arithmetic.

local function fmt(x) return string.format("%.17g", x) end

-- sums that are not exact in binary
local s = 0
for i = 1, 3000 do s = s + 0.1 end
print("0.1 x3000", fmt(s), s == 300, s)
local p = 1
for i = 1, 200 do p = p * 1.1 end
print("1.1^200", fmt(p), fmt(1.1 ^ 200))
local h = 0
for i = 1, 3000 do h = h + 1 / i end
print("harmonic", fmt(h))
local alt = 0
for i = 1, 3000 do alt = alt + (i % 2 == 0 and -1 or 1) / (2 * i - 1) end
print("leibniz", fmt(alt * 4))

-- NaN: not equal to itself, all comparisons false
local function nan_checks(x)
  return x ~= x, x == x, x < x, x <= x, x > 0, x < 0
end
local nan = 0 / 0
local nc = 0
for i = 1, 2000 do
  local a, b, c, d, e, f = nan_checks(nan)
  if a and not (b or c or d or e or f) then nc = nc + 1 end
  local ok = nan_checks(i)
  if ok then nc = nc - 1000000 end
end
print("nan", nc, nan ~= nan, math.huge - math.huge ~= math.huge - math.huge)
local t = {}
print("nan key", pcall(function() t[0 / 0] = 1 end))
print("nan read", t[0 / 0])
print("nan max/min", math.max(1, 2, 3), math.min(3, 2, 1))

-- signed zero: equal to zero, but distinguishable by division. The
-- negative zeros are made at run time (a -0 literal would share the
-- constant slot of 0 in lua5.1's constant table).
local function negz(x) return -x end
local function zinfo(z) return (z == 0) and "eq0" or "ne0", 1 / z, fmt(z) end
for i = 1, 1000 do zinfo(i - i) end
local nz = negz(0)
print("zeros", zinfo(0))
print("negzero", zinfo(nz))
print("negzero mul", zinfo(nz * 1))
print("negzero add", zinfo(nz + 0))
print("negzero sub0", zinfo(nz - 0))
print("negzero sub", zinfo(nz - nz))
print("negzero neg", zinfo(-nz))
print("negzero tostring", tostring(nz), nz == 0, nz < 0, nz <= 0, math.abs(nz))
local zz = 0
for i = 1, 1000 do
  local z = -(i - i)
  if 1 / z < 0 then zz = zz + 1 end
end
print("negzero count", zz)
local zt = {}
zt[0] = "zero"
zt[nz] = "negzero overwrites"
print("zero key", zt[0], zt[nz], zt[i == nil and 0 or 1])
local cnt = 0
for k, v in pairs(zt) do cnt = cnt + 1 end
print("zero keys", cnt)

-- infinities
local inf = 1 / 0
local function infops(x) return x + 1 == x, x * 0, -x, x - x, x > 1e308, fmt(x) end
for i = 1, 1000 do infops(i * 1.0) end
print("inf", infops(inf))
print("-inf", infops(-inf))
print("huge", math.huge == inf, -math.huge == -inf, 1e308 * 10, -1e308 * 10, 2 ^ 1024)
print("tostring", tostring(inf), tostring(-inf), tostring(1e15), tostring(1e16), tostring(-1e-7))
print("floor/ceil", math.floor(-0.5), math.ceil(-0.5), math.floor(2 ^ 52 + 0.5), math.fmod(7, -3), math.fmod(-7, 3))

-- % semantics with negative operands, fractions and infinity
local mods = {}
for i = 1, 600 do
  local a = (i % 13) - 6
  local b = (i % 5) - 2
  if b == 0 then b = 0.5 end
  mods[#mods + 1] = a % b
end
local msum = 0
for i = 1, #mods do msum = msum + mods[i] end
print("mod sum", fmt(msum), 5.5 % 2, -5.5 % 2, 5.5 % -2, 5 % -0.3)
print("mod inf", fmt(5 % inf), fmt(-5 % inf), fmt(5 % -inf))

-- comparisons of computed doubles
local eqc, ltc = 0, 0
for i = 1, 3000 do
  local a = i * 0.1
  local b = i / 10
  if a == b then eqc = eqc + 1 end
  if a < b then ltc = ltc + 1 end
end
print("i*0.1 == i/10", eqc, ltc)
print(0.1 + 0.2 == 0.3, 0.1 + 0.2 > 0.3, fmt(0.1 + 0.2), 1e16 + 1 == 1e16, 2 ^ 53 + 1 == 2 ^ 53)

-- integer-valued floats print as integers; big ones switch to exponent form
local acc = 0.5
for i = 1, 60 do acc = acc * 2 end
print("pow2", acc, 2 ^ 63, 2 ^ 31, -2 ^ 31, 123456789012, 1234567890123456)
print("format", string.format("%d %5.2f %g %g %e", 3.99, 2.345, 1e20, 0.0001, 12345.678))
print("exp/log", fmt(math.exp(1)), fmt(math.log(10)), fmt(math.sqrt(2)), fmt(math.pi))

-- unary minus on strings and tonumber edge cases
print(-"2", -" 0x10 ", tonumber("1e"), tonumber("0x"), tonumber(""), tonumber("  12  "), tonumber("1e500"), tonumber("-0"))
print(string.format("%.17g %.17g", tonumber("0.1"), tonumber(".5e-3")))
