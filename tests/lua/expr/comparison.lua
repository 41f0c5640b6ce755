-- comparison operators
print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 2 > 1)
print(1 == 1.0, 1 ~= 2, "a" == "a", "a" ~= "b")
print("a" < "b", "b" < "a", "abc" < "abd", "ab" < "abc", "" < "a")
print("Z" < "a", "10" < "9", "a" <= "a", "b" >= "a")
print(1 == "1", "1" == 1, 0 == false, nil == false)
print(nil == nil, true == true, true ~= false)
local t1, t2 = {}, {}
print(t1 == t1, t1 == t2, t1 ~= t2)
local f = function() end
print(f == f, f == function() end)
print(-1 < 0, -0 == 0, 1/0 > 1e308, -1/0 < -1e308)
local nan = 0/0
print(nan == nan, nan ~= nan, nan < nan, nan > 0, nan <= nan)
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil < 1 end))
print("\0a" < "\0b", "a\0" > "a")
