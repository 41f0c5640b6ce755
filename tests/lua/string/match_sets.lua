local function all(s, p)
  local r = {}
  for m in s:gmatch(p) do r[#r + 1] = m end
  local o = #r .. ":"
  for i = 1, #r do o = o .. "<" .. r[i] .. ">" end
  return o
end
local s = "abc-XYZ_012]^%[.!"
local sets = {"[abc]", "[^abc]", "[a-c]", "[a-cX-Z]", "[%a]", "[%A]", "[%d_]", "[]]", "[^]]", "[]a]", "[a-]", "[-a]",
  "[%]]", "[%^]", "[^^]", "[%[]", "[%%]", "[%-]", "[.]", "[%.]", "[a%-c]", "[c-a]", "[%d-z]", "[Z-a]", "[%w_]",
  "[^%w_]", "[^%s%p]", "[a-c-]", "[-]", "[^-]", "[%a-]", "[]-a]", "[%z]"}
for _, p in ipairs(sets) do
  print(p, all(s, p))
end
local r1, n1 = ("\0a\0"):gsub("[%z]", "0")
local r2, n2 = ("\0a\0"):gsub("[^%z]", "1")
print(r1, n1, string.format("%q", r2), n2)
print(pcall(string.find, "x", "[a"), pcall(string.find, "x", "[^"))
print(pcall(string.find, "x", "[]"))
print(pcall(string.find, "x", "[%"))
print(pcall(string.find, "x", "[%]"))
print(pcall(string.find, "x", "[a%"))
