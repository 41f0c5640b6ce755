-- and/or return operand values, short-circuit
print(1 and 2, nil and 2, false and 2, 1 and nil)
print(1 or 2, nil or 2, false or nil, nil or false)
print(0 and "zero is true", "" and "empty is true")
print(false or false or 3)
print(nil and nil or "default")
local calls = 0
local function f(v) calls = calls + 1; return v end
local r = f(false) and f(1)
print(r, calls)
r = f(1) or f(2)
print(r, calls)
r = f(nil) or f(false) or f("x")
print(r, calls)
r = f(1) and f(2) and f(3)
print(r, calls)
local x = nil
local y = x and x.field or "safe"
print(y)
print(not 1, not nil, not not nil, not not 0)
local a = 5
print(a > 3 and "big" or "small", a > 10 and "big" or "small")
print((nil and 1) == nil, (false and 1) == false)
