-- the main chunk is a vararg function receiving the script arguments
-- (see main_chunk_varargs.args)
print(select('#', ...))
print(...)
local a, b, c = ...
print(a, b, c, type(c))
local t = {...}
print(#t, t[#t])
print(c + 1)
