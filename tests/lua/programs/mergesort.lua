-- stable mergesort written in Lua
local function mergesort(a, less)
  local n = #a
  if n <= 1 then return a end
  local mid = (n - n % 2) / 2
  local left, right = {}, {}
  for i = 1, mid do left[i] = a[i] end
  for i = mid + 1, n do right[i - mid] = a[i] end
  left, right = mergesort(left, less), mergesort(right, less)
  local out, i, j = {}, 1, 1
  while i <= #left and j <= #right do
    if less(right[j], left[i]) then out[#out + 1] = right[j]; j = j + 1
    else out[#out + 1] = left[i]; i = i + 1 end
  end
  while i <= #left do out[#out + 1] = left[i]; i = i + 1 end
  while j <= #right do out[#out + 1] = right[j]; j = j + 1 end
  return out
end
local function join(t, f) local s = "" for i = 1, #t do s = s .. f(t[i]) .. " " end return s end
local nums = {38, 27, 43, 3, 9, 82, 10, 3, -5, 0.5}
print(join(mergesort(nums, function(a, b) return a < b end), tostring))
local people = {{"ann", 30}, {"bob", 25}, {"cid", 30}, {"dan", 25}, {"eve", 35}, {"fay", 30}}
local sorted = mergesort(people, function(a, b) return a[2] < b[2] end)
print(join(sorted, function(p) return p[1] .. ":" .. p[2] end))
local seed = 7
local big = {}
for i = 1, 1000 do seed = (seed * 1103515245 + 12345) % 2147483648; big[i] = seed % 1000 end
local s = mergesort(big, function(a, b) return a < b end)
local ok = #s == 1000
for i = 2, #s do if s[i - 1] > s[i] then ok = false end end
print(ok, s[1], s[500], s[1000])
