-- os.date("!*t") fields
local function show(t)
  local d = os.date("!*t", t)
  print(t, d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
end
for _, t in ipairs({0, 1, 59, 60, 3599, 3600, 86399, 86400, 951782400, 951868800,
                    1234567890, 1700000000, -1, -86400, -2208988800, 253402300799}) do
  show(t)
end
local d = os.date("!*t", 0)
local n = 0
for k, v in pairs(d) do n = n + 1 end
print(n, type(d.isdst))
-- '*t' must match exactly
print(os.date("!*tx", 0))
print(os.date("!*T", 0))
print(type(os.date("*t")), type(os.date("!*t")))
print(type(os.date()), type(os.date("%c")), type(os.date(nil, 0)))
-- errors
print(pcall(os.date, {}))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, "%Y", {}))
local ok, e = pcall(function() return os.date("!%Y", true) end)
print(ok, e)
