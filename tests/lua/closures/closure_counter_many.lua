-- many closures over many upvalues
local function gen()
  local a, b, c, d, e = 1, 2, 3, 4, 5
  return function() a = a + b; b = b + c; c = c + d; d = d + e; e = e + 1; return a + b + c + d + e end
end
local f = gen()
for i = 1, 5 do print(f()) end
local list = {}
for i = 1, 100 do local x = i list[i] = function() return x end end
local s = 0
for i = 1, 100 do s = s + list[i]() end
print(s)
