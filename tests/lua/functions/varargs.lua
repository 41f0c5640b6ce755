-- varargs
local function count(...) return select('#', ...) end
print(count(), count(nil), count(nil, nil), count(1, 2, 3))
local function pass(...) return ... end
print(pass(1, 2, 3))
print(pass())
print((pass(1, 2, 3)))
local function first(a, ...) return a, select('#', ...) end
print(first(1, 2, 3))
print(first())
local function tbl(...) local t = {...} return #t, t[1], t[#t] end
print(tbl(5, 6, 7))
local function mid(...) local a, b = ... return a, b end
print(mid(1), mid(1, 2, 3))
local function withnils(...) return select('#', ...), ... end
print(withnils(nil, 2, nil))
