local function collect(s, p)
  local o, n = "", 0
  for a, b, c in string.gmatch(s, p) do
    n = n + 1
    o = o .. "{" .. tostring(a) .. (b ~= nil and ("," .. tostring(b)) or "") .. (c ~= nil and ("," .. tostring(c)) or "") .. "}"
  end
  return n .. " " .. o
end
print(collect("one two  three", "%a+"))
print(collect("k1=v1, k2=v2,k3=v3", "(%w+)=(%w+)"))
print(collect("abc", ""))
print(collect("abc", "()"))
print(collect("abc", "%a*"))
print(collect("abc", "x*"))
print(collect("a,b,,c,", "([^,]*)"))
print(collect("a1b22c333", "%a(%d+)()"))
print(collect("", ".*"))
print(collect("", "x"))
print(collect("aaa", "a-"))
print(collect("aaa", "a-a"))
print(collect("hello world", "(o)(.)()"))
print(collect("x^y^z", "^."))
print(collect(123456, "%d%d"))
print(collect("one\ntwo\n\nfour", "[^\n]+"))
-- gfind is gmatch in Lua 5.1.5 (LUA_COMPAT_GFIND)
print(string.gfind == string.gmatch, type(string.gfind))
local o = ""
for w in string.gfind("a b c", "%a") do o = o .. w end
print(o)
print(pcall(string.gmatch))
print(pcall(string.gmatch, "x"))
print(pcall(string.gmatch, "x", {}))
print(pcall(string.gmatch, {}, "x"))
