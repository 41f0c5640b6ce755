-- multiple results in table constructors
local function f() return 1, 2, 3 end
local function none() end
local t = {f()}
print(#t, t[1], t[2], t[3])
t = {f(), f()}
print(#t, t[1], t[2], t[3], t[4])
t = {f(), nil}
print(t[1], t[2], t[3])
t = {(f())}
print(#t, t[1], t[2])
t = {f(), 10}
print(t[1], t[2], t[3])
t = {10, f()}
print(#t, t[1], t[2], t[3], t[4])
t = {none()}
print(#t, next(t))
t = {none(), 5}
print(t[1], t[2])
local function g(...) return {...} end
t = g(4, 5, 6)
print(#t, t[1], t[3])
t = g()
print(#t)
t = {x = f(), f()}
print(t.x, t[1], t[2], t[3])
local function h(...) return {n = select('#', ...), ...} end
t = h(1, nil, 3)
print(t.n, t[1], t[2], t[3])
