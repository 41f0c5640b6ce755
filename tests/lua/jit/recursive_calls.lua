-- Recursive calls in hot code (a compiling tier calls its own code directly when the callee
-- is the function being compiled): the recursive upvalue re-pointed to another closure of
-- the same function (other upvalues) and to a different function, deep recursion, errors
-- deep inside, and a deopt deep in the recursion.
local function make(scale)
  local function rec(n)
    if n < 2 then return n * scale end
    return rec(n - 1) + rec(n - 2)
  end
  return rec, function(f) rec = f end
end

local r1, set1 = make(1)
local r2 = make(10)
print(r1(20), r2(15))
-- the recursive upvalue of r1 now points at r2 (same prototype, other upvalue `scale`)
set1(r2)
print(r1(15))
-- and at a different function
set1(function(n) return 1000 end)
print(r1(10))

-- deep recursion, counted
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(15000))
print(pcall(depth, 1e7))

-- an error at the bottom, with its traceback line
local function fail(n) if n == 0 then error("bottom reached") end return fail(n - 1) + 1 end
print(pcall(fail, 500))

-- the argument changes type deep in the recursion: a deopt in a frame below many others
local function sum(n, acc)
  if n == 0 then return acc end
  if n == 37 then acc = tostring(acc) end
  return sum(n - 1, acc + n) + 0
end
print(sum(300, 0))
for i = 1, 5 do sum(100, 0) end
print(sum(50, 0))
