-- line comment
print("a") -- trailing comment
--[[ block
comment ]] print("b")
--[==[ block with
]] inside ]==] print("c")
--[[]] print("d")
---[[ this is a line comment, not block
print("e")
--]]
--[=[
print("not printed")
]=]
print("f") --[[ inline ]] print("g")
-- comment at end without newline
print("last line has comment")
-- no newline at end