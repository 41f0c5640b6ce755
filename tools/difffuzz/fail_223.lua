local a, b, c = 1, 2, 3
local t = {1, 2, 3}
local fs = {}
local n0 = 0
local obj = setmetatable({}, {__index = {set = function(self, v) self.v = v end, get = function(self) return self.v end}})
local function f0(x) return x end
local function f1(x) if type(x) == 'number' then return x * 2 end return x end
local function f2(...) return select('#', ...), ... end
local function sel(n, ...) return (select(n, ..., 1, 2, 3)) end
t = {t[2], f2(tostring((-" 3 " .. a))), f2("0x1F" .. #t)}
t = {1, b, f2(sel(2, (f1(c) and sel(2, f0(c)))))}
fs[#fs+1] = function() return c end
if b then t[3] = sel(3, c); n0 = 0 repeat n0 = n0 + 1 local q = c; n0 = 0 repeat n0 = n0 + 1 local q = (not (#t or t[5])); b = (#t == (0/1)); c = a; c = (-t[4]) until q ~= nil or n0 > 2; print(pcall(function() c = (not (((b or b) and c) * #t)); a = (-(((b ^ 7) % t[1]) <= -1)); b = f0(7); return c end)); for k, v in ipairs(t) do a = v end until q ~= nil or n0 > 2 else a, a = t[3], a; if (-(c - t[3])) then b = ((c / t[1]) < tostring("" .. f2(b))); c, a = f1((not #t)), a else local n = 0 while n < 2 do n = n + 1; a = c end; do local c = a; b = (-c); a = tostring(f0(((-c) <= sel(2, a)))) end end end
local n = 0 while n < 2 do n = n + 1; for i = 2, 0 do for i = -1, 2 do c = ((not f1(c)) or ((-(not b)) and f2((not c)))); b = f1(#t); b = c end end; n0 = 0 repeat n0 = n0 + 1 local q = t[4]; c = sel(2, (#t and sel(3, "0x1F" .. b))); print(((f1(2) or " 3 " .. -1) and tostring((-" 3 " .. a))), ((-(3 < t[2])) ^ #t)) until q ~= nil or n0 > 2 end
local n = 0 while n < 3 do n = n + 1; local n = 0 while n < 4 do n = n + 1; a, c = t[3], (not #t); local n = 0 while n < 2 do n = n + 1; a = 7; a = tostring(3); c = #t end; fs[#fs+1] = function() return tostring((#t % (-(a and a)))) end end; print(pcall(function() t[3] = #t; print(((-t[4]) - t[5]), sel(3, tostring((not "0x1F" .. a)))); if f2(#t) then a = (((sel(1, 1) - b) * tostring((-b))) == a) else a = c; a = tostring((f0((not c)) or (not (b and 1e3)))); c = b end; return t[1] end)) end
t = {b, ("ab" .. c * "0x1F" .. tostring(c)), f2(sel(2, sel(1, ((c <= c) <= (7 + a)))))}
t[1] = (not (sel(1, sel(2, c)) and " 3 " .. 2))
fs[#fs+1] = function() return ((tostring((a <= 2)) or ((b % b) + (not 1))) or " 3 " .. ((not 2) > sel(1, b))) end
for i = -1, 1 do do local c = (((-tostring(a)) / a) == #t); for k, v in ipairs(t) do b = v end; a, c = t[5], "s" .. "" .. a; obj:set(tostring(f0((not (2 and b))))); c = obj:get() end end
obj:set(tostring(b)); a = obj:get()
for k, v in ipairs(t) do c = v end
a, c = (-#t), c
print("10" .. sel(2, (not sel(3, c))), a)
for i = -2, 0 do t = {f2("s" .. t[1]), (not #t), f2(c)} end
c, c = (-sel(2, sel(3, b))), #t
print(t[5], (tostring(7) and sel(2, #t)))
if (b ^ #t) then print(pcall(error, #t)); local n = 0 while n < 2 do n = n + 1; c = a end; fs[#fs+1] = function() return c end else print(f2(a), c); if (" 3 " .. (-t[2]) and c) then n0 = 0 repeat n0 = n0 + 1 local q = (not "ab" .. #t); b = f1((not "s" .. "s" .. b)) until q ~= nil or n0 > 2; b, b = b, #t; if (not (not tostring((b and b)))) then a = t[4]; a = f0((-10)) else a = #t end else print(pcall(function() b = tostring(t[1]); c = 3; return (3 and (not 0.5)) end)); n0 = 0 repeat n0 = n0 + 1 local q = tostring(tostring(sel(2, a))); c = t[2]; b = (not ((not (c / c)) ^ t[3])); c = #t until q ~= nil or n0 > 2; print(pcall(error, b)) end end
obj:set(tostring(tostring(tostring("s" .. 1)))); a = obj:get()
for k, v in ipairs(t) do b = v end
for k, v in ipairs(t) do c = v end
n0 = 0 repeat n0 = n0 + 1 local q = ((-sel(1, (c >= a))) or "10" .. -1); a, b = (0.5 - ((a and sel(3, 0.5)) - f2((-c)))), t[5]; n0 = 0 repeat n0 = n0 + 1 local q = (((sel(2, a) < "0x1F" .. c) and sel(1, #t)) and #t); print((10 or (a == "" .. (0 + a))), t[5]) until q ~= nil or n0 > 2; obj:set((-f2((not " 3 " .. 0.5)))); a = obj:get() until q ~= nil or n0 > 2
obj:set(t[3]); a = obj:get()
do local c = t[4]; print(pcall(error, tostring(#t))); print(pcall(function() for i = -1, 2 do c = "10" .. (-" 3 " .. (10 or b)); a = (-(" 3 " .. 1 / (not (c > 10)))) end; for i = 2, 1 do a = (tostring(tostring((a < a))) and t[4]) end; return tostring(sel(1, t[4])) end)); b, c = t[3], b end
for k, v in ipairs(t) do b = v end
for i = 1, #fs do print(pcall(fs[i])) end
print(a, b, c, #t)
