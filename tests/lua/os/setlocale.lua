-- os.setlocale
print(os.setlocale())
print(os.setlocale(nil, "numeric"))
print(os.setlocale("C"))
print(os.setlocale("C", "time"))
print(os.setlocale("POSIX", "collate"))
print(os.setlocale("no_such_locale.XYZ"))
print(os.setlocale("no_such_locale.XYZ", "ctype"))
for _, c in ipairs({"all", "collate", "ctype", "monetary", "numeric", "time"}) do
  print(c, os.setlocale(nil, c))
end
print(pcall(os.setlocale, "C", "bogus"))
print(pcall(os.setlocale, "C", {}))
print(pcall(os.setlocale, {}))
local ok, e = pcall(function() return os.setlocale(nil, "ALL") end)
print(ok, e)
