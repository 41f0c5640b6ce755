-- Binary trees: allocate many short-lived complete binary trees (GC and table allocation),
-- next to one long-lived tree. Prints the node counts summed over all trees.
-- Usage: binarytrees.lua [maxdepth]
local maxdepth = tonumber(arg and arg[1]) or 17
local mindepth = 4
if maxdepth < mindepth + 2 then maxdepth = mindepth + 2 end

local function make(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { make(depth), make(depth) }
end

local function check(tree)
  local left = tree[1]
  if left then
    return 1 + check(left) + check(tree[2])
  end
  return 1
end

local stretch = check(make(maxdepth + 1))
local longlived = make(maxdepth)
local total = 0
local iterations = 1
for _ = mindepth, maxdepth do iterations = iterations * 2 end
for depth = mindepth, maxdepth, 2 do
  local sum = 0
  for _ = 1, iterations do
    sum = sum + check(make(depth))
  end
  total = total + sum
  iterations = iterations / 4
end
print("binarytrees", maxdepth, stretch, check(longlived), total)
