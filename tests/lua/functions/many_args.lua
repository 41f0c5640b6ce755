-- many arguments and return values
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + select(i, ...) end
  return s
end
print(sum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
local t = {}
for i = 1, 200 do t[i] = i end
print(sum(unpack(t)))
print(select('#', unpack(t)))
local function rev(...)
  local n = select('#', ...)
  local r = {}
  for i = 1, n do r[i] = select(n - i + 1, ...) end
  return unpack(r)
end
print(rev(1, 2, 3, 4, 5))
local function f50(a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20)
  return a1 + a20, a10
end
print(f50(unpack(t)))
