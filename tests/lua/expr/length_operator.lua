-- # operator on strings and sequences
print(#"", #"a", #"hello", #"\0\0\0")
print(#{}, #{1}, #{1, 2, 3}, #{n = 1})
local t = {}
for i = 1, 100 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[#t])
local s = "abc"
print(#s + #s, #(s .. s))
print(pcall(function() return #5 end))
print(pcall(function() return #nil end))
