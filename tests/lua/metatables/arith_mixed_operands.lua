-- metamethod selection: left operand first, then right
local A = setmetatable({}, {__add = function(x, y) return "A's add" end, __concat = function(x, y) return "A's concat" end})
local B = setmetatable({}, {__add = function(x, y) return "B's add" end})
print(A + B, B + A, A + 1, 1 + A, "s" + A)
print(A .. "x", "x" .. A, 1 .. A, A .. A)
print(pcall(function() return B .. "x" end))
local args = {}
local C = setmetatable({}, {__sub = function(x, y) args[1] = x; args[2] = y; return 0 end})
local _ = 5 - C
print(args[1], args[2] == C)
_ = C - "7"
print(args[1] == C, args[2], type(args[2]))
print(pcall(function() return {} + B end))
