print("before")
local s = "unfinished
print(s)
