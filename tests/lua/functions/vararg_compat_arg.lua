-- Lua 5.1 (LUA_COMPAT_VARARG): a vararg function that never uses '...' gets a local 'arg'.
function f(...) return arg end
print(f(1, 2).n, f(1, nil)[1], f(1, nil).n, #f())
function g(...) local x = ... return arg end
print(g(1))
function h(a, ...) return arg.n, a, arg[1], arg[2] end
print(h(1, 2, 3))
local function k(...) return select('#', ...), arg end
print(k(4, 5, 6))
print(type(arg))
