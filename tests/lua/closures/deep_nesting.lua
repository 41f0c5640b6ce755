-- upvalues across several levels
local function level1()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function()
        a = a + 1
        b = b + 10
        c = c + 100
        return a, b, c
      end
    end
  end
end
local l4 = level1()()()
print(l4())
print(l4())
local l2 = level1()
local x = l2()()
local y = l2()()
print(x())
print(y())
print(x())
