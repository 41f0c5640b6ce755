-- os.clock and os.difftime
local c = os.clock()
print(type(c), c >= 0)
local x = 0
for i = 1, 100000 do x = x + i end
print(os.clock() >= c)
print(os.difftime(10, 3), os.difftime(3, 10), os.difftime(5), os.difftime(0, 0))
print(os.difftime(1.9, 0.5), os.difftime(-1.5, 1), os.difftime("20", "5"))
print(os.difftime(2^40, 1))
print(pcall(os.difftime))
print(pcall(os.difftime, "a"))
print(pcall(os.difftime, 1, {}))
local ok, e = pcall(function() return os.difftime() end)
print(ok, e)
