-- modifications to the captured variable are seen by the closure (open upvalue)
local x = 1
local function get() return x end
print(get())
x = 2
print(get())
local function setx(v) x = v end
setx(30)
print(x, get())
do
  local y = "a"
  local function gy() return y end
  y = "b"
  print(gy())
end
