-- closures capturing parameters
local function adder(x) return function(y) return x + y end end
local add5, add10 = adder(5), adder(10)
print(add5(1), add10(1), add5(add10(0)))
local function memo(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v; print("computed", n) end
    return v
  end
end
local sq = memo(function(n) return n * n end)
print(sq(4), sq(4), sq(5))
