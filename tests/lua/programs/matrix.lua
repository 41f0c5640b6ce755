-- matrix multiplication, identity, power
local function new(n, f) local m = {} for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = f(i, j) end end return m end
local function mul(a, b)
  local n = #a
  return new(n, function(i, j) local s = 0 for k = 1, n do s = s + a[i][k] * b[k][j] end return s end)
end
local function show(m) for i = 1, #m do local l = "" for j = 1, #m do l = l .. m[i][j] .. " " end print(l) end end
local a = new(3, function(i, j) return i + j end)
local id = new(3, function(i, j) return i == j and 1 or 0 end)
show(mul(a, id))
show(mul(a, a))
local fibm = {{1, 1}, {1, 0}}
local r = {{1, 0}, {0, 1}}
for i = 1, 30 do r = mul(r, fibm) end
print(r[1][2])
