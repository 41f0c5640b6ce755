-- Line events of if/else, repeat, while, for loops, a leading `local`, a multi-line constructor:
-- the lines of jumps, final returns and SETLISTs as Lua 5.1 assigns them.
local function test(s)
  local got = {}
  local function f(event, line) got[#got+1] = line end
  debug.sethook(f, "l"); loadstring(s)(); debug.sethook()
  print(table.concat(got, ","))
end
test([[if
math.sin(1)
then
  a=1
else
  a=2
end
]])
test([[--
if nil then
  a=1
else
  a=2
end
]])
test([[a=1
repeat
  a=a+1
until a==3
]])
test([[ do
  return
end
]])
test([[local a
a=1
while a<=3 do
  a=a+1
end
]])
test([[while math.sin(1) do
  if math.sin(1)
  then
    break
  end
end
a=1]])
test([[for i=1,3 do
  a=i
end
]])
test([[for i,v in pairs{'a','b'} do
  a=i..v
end
]])
test([[for i=1,4 do a=1 end]])
test([[local t = {
  1,
  2,
}
local x = t[1] +
  t[2]
print(x)
]])
