-- adjustment of multiple results in every position
local function three() return 1, 2, 3 end
local function zero() end
print(three())
print(three(), "end")
print("start", three())
print((three()))
print(three(), three())
local a, b, c, d = three()
print(a, b, c, d)
a, b, c, d = three(), 10
print(a, b, c, d)
a, b, c, d = 10, three()
print(a, b, c, d)
a, b = zero()
print(a, b)
local t = {three(), three()}
print(#t)
t = {three(), (three())}
print(#t)
print(select('#', three(), three()))
print(select('#', zero(), zero()))
print(select('#', zero()))
print(select('#', (zero())))
local function ret() return three() end
print(ret())
local function ret2() return (three()) end
print(ret2())
local function ret3() return three(), 0 end
print(ret3())
print(#{zero(), zero()})
