-- do blocks and scoping
local x = 1
do
  local x = 2
  print(x)
  do
    local x = 3
    print(x)
  end
  print(x)
end
print(x)
local y = "a"
do y = "b" end
print(y)
local z = 1
local z = z + 1
print(z)
