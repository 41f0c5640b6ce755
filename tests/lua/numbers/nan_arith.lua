-- NaNs made by arithmetic, library functions and %/^ print with lua5.1's signs and are never
-- equal to themselves (arithmetic results are boxed without a NaN test; see Value::number_arith).
local z = 0
local nan, inf = z / z, 1 / z
local vals = {nan, -nan, inf - inf, nan + 1, nan * -1, inf * z, -(inf * z), nan % 2, 5 % nan, inf % 2, 2 ^ nan, (-8) ^ (1 / 3), -nan - nan, nan / nan, math.sqrt(-1), math.fmod(1, 0), math.log(-1), math.acos(2)}
for i = 1, #vals do io.write(tostring(vals[i]), " ") end
print()
local t = {}
for i = 1, #vals do t[i] = vals[i] ~= vals[i] end
print(unpack(t))
