-- repeat-until; the condition can see the body's locals
local i = 0
repeat
  i = i + 1
  local done = i >= 3
until done
print(i)
local n = 0
repeat n = n + 1 until true
print(n)
local count = 0
repeat
  local x = count * 2
  count = count + 1
until x >= 10
print(count)
local k = 10
repeat
  local k = k - 1
  print("inner k", k)
until k < 100
print("outer k", k)
