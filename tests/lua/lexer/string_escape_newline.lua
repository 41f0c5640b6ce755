-- backslash-newline in strings and various control chars
local s = "one\
two\
three"
print(s)
print(#s)
local q = 'a\
b'
print(q, #q)
print("\\n is not a newline here: \\n")
print("mix: \"\t\\\'")
print("\9tab via decimal")
print("x\10y")
print("\126\125\124")
