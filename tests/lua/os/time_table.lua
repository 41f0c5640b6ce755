-- os.time with a table: mktime normalisation in local time (checked through local fields)
local function show(tab)
  local t = os.time(tab)
  local d = os.date("*t", t)
  print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday)
end
show({year = 2000, month = 1, day = 1})
show({year = 2000, month = 1, day = 1, hour = 0})
show({year = 2000, month = 13, day = 1})
show({year = 2000, month = 0, day = 1})
show({year = 2000, month = 3, day = 0})
show({year = 2001, month = 3, day = 0})
show({year = 2000, month = 2, day = 30})
show({year = 2000, month = 1, day = 1, hour = 25, min = 61, sec = 61})
show({year = 2000, month = 1, day = 1, hour = -1})
show({year = 2000, month = 1, day = 1, sec = -1})
show({year = 2000, month = 1, day = 366})
show({year = 1999, month = 12, day = 31, hour = 23, min = 59, sec = 60})
show({year = "2010", month = "6", day = "15", hour = "10"})
show({year = 2010.9, month = 6.7, day = 15.2})
show({year = 1970, month = 1, day = 2})
show({year = 2038, month = 1, day = 19})
show({year = 1960, month = 5, day = 5})
show({year = 2020, month = 1, day = 1, isdst = nil})
-- round trips
for _, t in ipairs({0, 86400 * 365, 1000000000, 1234567890, 1500000000}) do
  print(t, os.time(os.date("*t", t)) == t)
end
-- difference between two dates in days is independent of the zone (noon, no DST issues here)
local a = os.time({year = 2024, month = 1, day = 1})
local b = os.time({year = 2024, month = 12, day = 31})
print((b - a) / 86400, os.difftime(b, a) / 86400)
-- fields are read with metamethods
local proxy = setmetatable({}, {__index = function(t, k)
  if k == "year" then return 2005 elseif k == "month" then return 5 elseif k == "day" then return 5 end
end})
show(proxy)
-- time() without arguments is a number
print(type(os.time()), os.time() > 1e9, type(os.time(nil)))
