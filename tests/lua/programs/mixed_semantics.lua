local t = {}
for i = 1, 120 do t[i] = i end
print(#t, t[50], t[51], t[120])
local big = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55, x = 1, y = 2, [100] = 3}
print(#big, big[55], big.x, big[100])
local function mr() return 1, 2, 3 end
local a, b, c, d = mr()
print(a, b, c, d)
local x, y = mr(), 10
print(x, y)
local tt = {mr(), mr()}
print(#tt)
local t2 = {mr(), (mr())}
print(#t2)
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local j = 0
local gs = {}
while j < 3 do j = j + 1; local k = j; gs[j] = function() return k end end
print(gs[1](), gs[2](), gs[3]())
local r = {}
repeat local z = #r; r[#r+1] = function() return z end until z >= 2
print(r[1](), r[2](), r[3]())
for i = 10, 1, -3 do io = i end print(io)
for i = 1, 0 do print("never") end
for i = 1.5, 3 do print(i) end
local s = 0
for i = 0.1, 1, 0.1 do s = s + 1 end
print(s)
print(2^0.5, 10 % 3, -10 % 3, 10 % -3, 5.5 % 2)
print(1e300 * 1e10, -1e300 * 1e10, 0/0 ~= 0/0)
print("10" + 5, "3" * "4", 10 .. 20, "0x10" + 0, " 5 " * 2)
print(1 == 1.0, "1" == 1, 0.1 + 0.2 == 0.3)
print(#"abc", #"", not nil, not 0)
print(nil and 1, false or "x", 1 and 2, nil or false)
local m = setmetatable({}, {__eq = function() return true end})
local n = setmetatable({}, getmetatable(m))
print(m == n, m ~= n, m == {})
local V = {}
V.__lt = function(a, b) return a.v < b.v end
V.__le = function(a, b) return a.v <= b.v end
V.__concat = function(a, b) return "cat" end
V.__unm = function(a) return "neg" end
V.__len = function(a) return 99 end
local v1, v2 = setmetatable({v=1}, V), setmetatable({v=2}, V)
print(v1 < v2, v1 > v2, v1 <= v2, v1 >= v2, v1 .. "x", "x" .. v1, -v1, #v1)
print(select(-1, 1, 2, 3), select(2, 1, 2, 3))
print(pcall(select, 0))
print(unpack({1, 2, 3}, 2), unpack({1, 2, 3}, 2, 5))
print(tostring(1e15), tostring(-0.0), 1e100, 123456.789e3)
local str = [[
line1
line2]]
print(str, #str)
print([==[a]]b]==], "\65\066\x", "tab\tq", 'q"uote', "\\")
goto = 1 print(goto)
