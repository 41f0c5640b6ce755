-- goto is not a keyword in Lua 5.1, so this is a syntax error
for i = 1, 3 do
  goto continue
  ::continue::
end
