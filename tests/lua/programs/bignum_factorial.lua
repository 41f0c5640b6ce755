-- arbitrary precision factorial with digit arrays (base 10000)
local function mul(a, m)
  local carry = 0
  for i = 1, #a do
    local x = a[i] * m + carry
    a[i] = x % 10000
    carry = (x - a[i]) / 10000
  end
  while carry > 0 do
    local d = carry % 10000
    a[#a + 1] = d
    carry = (carry - d) / 10000
  end
end
local function tostr(a)
  local s = tostring(a[#a])
  for i = #a - 1, 1, -1 do
    local d = a[i]
    local pad = d < 10 and "000" or d < 100 and "00" or d < 1000 and "0" or ""
    s = s .. pad .. d
  end
  return s
end
for _, n in ipairs({0, 1, 5, 10, 20, 25, 50, 100}) do
  local a = {1}
  for i = 2, n do mul(a, i) end
  print(n, tostr(a))
end
local a = {1}
for i = 2, 500 do mul(a, i) end
local s = tostr(a)
print(#s)
