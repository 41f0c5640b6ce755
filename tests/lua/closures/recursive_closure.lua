-- a closure that refers to itself via upvalue
local function make()
  local count = 0
  local function walk(n)
    count = count + 1
    if n > 0 then walk(n - 1) end
    return count
  end
  return walk
end
local w = make()
print(w(5), w(2))
