-- an empty statement (lone semicolon) is not valid in Lua 5.1
local a = 1;
;
print(a)
