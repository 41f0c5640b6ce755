local s = "Hello, world"
print(s:sub(1), s:sub(1, 5), s:sub(8), s:sub(8, 12), s:sub(3, 3))
print(s:sub(-5), s:sub(-5, -2), s:sub(1, -1), s:sub(-12), s:sub(2, -2))
print(string.sub("abc", 2), string.sub(12345, 2, 3), string.sub("abc", "2", "3"))
for i = -5, 5 do
  local row = {}
  for j = -5, 5 do row[#row + 1] = "[" .. ("abc"):sub(i, j) .. "]" end
  print(i, unpack(row))
end
