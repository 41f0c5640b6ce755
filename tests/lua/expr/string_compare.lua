-- lexicographic string ordering (C locale)
local words = {"banana", "apple", "cherry", "Apple", "apple pie", "", "b", "B", "10", "9", "a b"}
-- insertion sort using <
for i = 2, #words do
  local v = words[i]
  local j = i - 1
  while j >= 1 and v < words[j] do
    words[j + 1] = words[j]
    j = j - 1
  end
  words[j + 1] = v
end
for i = 1, #words do print(i, "[" .. words[i] .. "]") end
print("a" <= "a", "a" >= "b", "abc" > "ab")
