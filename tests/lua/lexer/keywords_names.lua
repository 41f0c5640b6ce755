-- identifiers close to keywords
local And, Or, Not, _end, end_, nil_, iff = 1, 2, 3, 4, 5, 6, 7
print(And, Or, Not, _end, end_, nil_, iff)
local _ = "underscore"
print(_)
local __x__ = 10
local x1, x_1, X = 1, 2, 3
print(__x__, x1, x_1, X)
local t = {}
t["end"] = "kw key"
t["while"] = "also"
print(t["end"], t["while"])
local aVeryLongIdentifierNameThatKeepsGoingAndGoing = 99
print(aVeryLongIdentifierNameThatKeepsGoingAndGoing)
local goto = "goto is a plain name in 5.1"
print(goto)
