-- in Lua 5.1 'goto' is an ordinary identifier
local goto = 1
local t = {goto = 2}
print(goto, t.goto)
local function continue() return "continue is a name too" end
print(continue())
