-- binary search tree: insert, traverse, height, delete
local function insert(node, k)
  if not node then return {key = k} end
  if k < node.key then node.left = insert(node.left, k)
  elseif k > node.key then node.right = insert(node.right, k) end
  return node
end
local function inorder(node, out)
  if node then inorder(node.left, out); out[#out + 1] = node.key; inorder(node.right, out) end
  return out
end
local function preorder(node, out)
  if node then out[#out + 1] = node.key; preorder(node.left, out); preorder(node.right, out) end
  return out
end
local function height(node)
  if not node then return 0 end
  local l, r = height(node.left), height(node.right)
  return 1 + (l > r and l or r)
end
local function minnode(node) while node.left do node = node.left end return node end
local function delete(node, k)
  if not node then return nil end
  if k < node.key then node.left = delete(node.left, k)
  elseif k > node.key then node.right = delete(node.right, k)
  else
    if not node.left then return node.right end
    if not node.right then return node.left end
    local m = minnode(node.right)
    node.key = m.key
    node.right = delete(node.right, m.key)
  end
  return node
end
local function join(t) local s = "" for i = 1, #t do s = s .. t[i] .. " " end return s end
local root
for _, k in ipairs({50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30}) do root = insert(root, k) end
print(join(inorder(root, {})))
print(join(preorder(root, {})))
print("height", height(root))
root = delete(root, 30)
root = delete(root, 50)
root = delete(root, 99)
print(join(inorder(root, {})))
print(join(preorder(root, {})))
-- pseudo-random inserts (linear congruential generator)
local seed = 12345
local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
local r2
for i = 1, 500 do r2 = insert(r2, rand(10000)) end
local keys = inorder(r2, {})
local sorted = true
for i = 2, #keys do if keys[i - 1] >= keys[i] then sorted = false end end
print(#keys, sorted, height(r2))
