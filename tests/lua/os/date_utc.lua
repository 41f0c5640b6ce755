-- os.date with '!' (UTC) on fixed times: every C99 strftime conversion
local times = {0, 86399, 951782400, 1234567890, 1709164800, -86400, 2147483647, 4102444800}
local convs = {"a", "A", "b", "B", "c", "C", "d", "D", "e", "F", "g", "G", "h", "H", "I", "j",
               "m", "M", "n", "p", "r", "R", "S", "t", "T", "u", "U", "V", "w", "W", "x", "X",
               "y", "Y", "z", "Z", "%"}
for _, t in ipairs(times) do
  local parts = {}
  for _, c in ipairs(convs) do parts[#parts + 1] = c .. "=" .. os.date("!%" .. c, t) end
  print(t, table.concat(parts, "|"))
end
print(os.date("!%Y-%m-%d %H:%M:%S", 1e9))
print(os.date("!%c", 1e9))
print(os.date("!plain text", 0))
print(os.date("!", 0) == "")
print(os.date("!100%", 0))
print(os.date("!%%Y", 0))
-- modifiers E and O
print(os.date("!%Ec|%EC|%Ex|%EX|%Ey|%EY", 1234567890))
print(os.date("!%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy", 1234567890))
-- a fractional time is truncated
print(os.date("!%H:%M:%S", 59.99), os.date("!%H:%M:%S", -0.5))
-- numeric string time
print(os.date("!%Y", "86400"))
-- the format stops at an embedded zero
print(os.date("!%Y\0%m", 0))
-- week numbers around year boundaries
for _, t in ipairs({1104537600, 1135987200, 1230681600, 1262217600, 1293753600}) do
  print(os.date("!%Y-%m-%d %a U=%U W=%W V=%V G=%G g=%g j=%j", t))
end
