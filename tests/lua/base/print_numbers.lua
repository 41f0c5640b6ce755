-- print of various numbers via tostring
for _, v in ipairs({0, 1, -1, 0.5, 100, 1e3, 1e15, 1e16, 2^31, 2^32, 1/3, -1/3, 1e-3, 123.25}) do
  print(v, tostring(v), v .. "")
end
