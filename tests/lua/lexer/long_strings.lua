-- long bracket strings
print([[simple long string]])
print([[
first newline is skipped]])
print([==[contains ]] and [[ inside]==])
print([=[level one]=])
print([[multi
line
string]])
print(#[[abc]], #[[
abc]])
print([[no \n escapes \t here]])
local s = [==[
a]=]b]]c
]==]
print(s, #s)
print([[]], #[[]])
