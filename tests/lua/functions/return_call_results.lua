-- results of calls as arguments to other calls
local function two() return "a", "b" end
local function echo(...) return select('#', ...), ... end
print(echo(two()))
print(echo(two(), two()))
print(echo((two())))
print(echo(two(), nil))
print(echo(nil, two()))
print(echo(#{two()}))
local t = {}
t.x, t.y = two()
print(t.x, t.y)
