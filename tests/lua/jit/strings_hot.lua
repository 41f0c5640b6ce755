-- String operations in hot loops: concatenation of numbers and strings
-- (number formatting), string.format, #, comparisons, string library
-- calls, and string<->number coercions that change type mid-loop.

-- concatenation builds; numbers are formatted with %.14g
local parts = {}
for i = 1, 2000 do
  local v
  if i % 4 == 0 then v = i elseif i % 4 == 1 then v = i / 8
  elseif i % 4 == 2 then v = -i * 1e10 else v = "s" end
  parts[#parts + 1] = "<" .. v .. ">"
end
print(parts[1], parts[2], parts[3], parts[4], parts[1999], #table.concat(parts))
print(1 .. 2, 1.5 .. "", -0.1 .. "", 1e100 .. "", 2 ^ 63 .. "", 12345678901234 .. "")

-- a hot concat chain with mixed operand types
local function cat3(a, b, c) return a .. b .. c end
local total = 0
for i = 1, 2000 do
  local s = cat3(i, "-", i * 0.5)
  total = total + #s
end
print("cat3", total, cat3(1, 2, 3), cat3("a", 1.25, -3))
print(pcall(cat3, "a", nil, "b"))
print(pcall(cat3, "a", {}, "b"))
print(pcall(cat3, true, "x", "y"))

-- string.format with many specifiers and changing argument types
local fm = {}
for i = 1, 1000 do
  fm[#fm + 1] = string.format("%5d|%-5s|%05.1f|%x|%X|%o|%c|%q|%%|%e|%g",
    i, "ab", i / 3, i, i * 255, i, 65 + i % 26, "q\"" .. i .. "\n", i * 1.5, i / 7)
end
print(fm[1])
print(fm[1000])
print(string.format("%s %s %s", 1, 1.5, "x"), string.format("%d", "42"), string.format("%.3f", "0.1"))
print(pcall(string.format, "%d", "x"))
print(string.format("%10.4s|%-10s|%+d|% d", "abcdefgh", "hi", 5, 5))

-- # on strings, including embedded zeros and strings built in loops
local s = ""
for i = 1, 500 do s = s .. string.char(i % 256) end
print("len", #s, #"", #"\0\0", #("ab\0cd"), string.byte(s, 1, 3))
print("q", string.format("%q", "a\0b\r\n\\\"z"))

-- string comparison is bytewise; mixed comparison is an error
local less = 0
local words = { "a", "b", "ab", "ba", "", "A", "Z", "a\0", "aa", "10", "9" }
for r = 1, 100 do
  for i = 1, #words do
    for j = 1, #words do
      if words[i] < words[j] then less = less + 1 end
    end
  end
end
print("less", less, "10" < "9", "a\0" > "a", "Z" < "a")
print(pcall(function() return "10" < 9 end))

-- string library in hot loops
local cnt, subs, ups = 0, 0, ""
for i = 1, 1000 do
  local str = "item" .. i .. "_end"
  local a, b = string.find(str, "%d+")
  cnt = cnt + (b - a + 1)
  subs = subs + #string.sub(str, -4, -1) + #str:sub(3, 2) + #str:sub(-100, 2)
  if i % 250 == 0 then ups = ups .. string.upper(str) .. string.rep("-", 2, "") end
end
print("lib", cnt, subs, ups)
print(string.gsub("hello world", "o", "0"), string.gsub("abc", "", "-"))
print(string.match("key = value", "(%w+)%s*=%s*(%w+)"), string.rep("ab", 3), ("x"):rep(0))
local gm = {}
for w in string.gmatch("one two  three   four", "%a+") do gm[#gm + 1] = w:upper() end
print(table.concat(gm, ","), string.reverse("abc"), string.lower("MiXeD"))

-- numeric strings in arithmetic versus in comparisons and as keys
local ns = 0
local keyed = {}
for i = 1, 1000 do
  local str = tostring(i)
  ns = ns + str * 2                 -- coercion
  keyed[str] = i                    -- string key, not the number
end
print("numstr", ns, keyed[10], keyed["10"], #keyed, tostring(10) == "10", 10 == "10")
print(tostring(nil), tostring(true), tostring(-0.5), tonumber("  -7  "), tonumber("z", 36), tonumber("777", 8), tonumber("ff", 16))
