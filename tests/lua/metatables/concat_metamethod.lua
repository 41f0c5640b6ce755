-- __concat
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.v or a
  local y = type(b) == "table" and b.v or b
  return x .. "+" .. y
end}
local s = setmetatable({v = "S"}, mt)
print(s .. "a")
print("a" .. s)
print(1 .. s)
print("a" .. "b" .. s)
print(s .. "a" .. "b")
print(s .. s)
print("x" .. s .. "y")
