-- return must be last statement in a block; do return end pattern
local function f(x)
  if x then return "early" end
  do return "from do" end
end
print(f(true), f(false))
local function g()
  for i = 1, 10 do
    if i == 3 then return i end
  end
end
print(g())
local function h() return end
print(h(), select('#', h()))
