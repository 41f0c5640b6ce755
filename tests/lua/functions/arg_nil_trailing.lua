-- trailing nils are still counted
local function n(...) return select('#', ...) end
print(n(nil), n(1, nil), n(nil, nil, nil))
local function pass(...) return ... end
print(n(pass(nil, nil)))
print(n(unpack({1, 2, nil, nil}, 1, 4)))
local t = {pass(1, nil, 3)}
print(t[1], t[2], t[3])
