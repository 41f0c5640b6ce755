-- Hash tables: insert, look up, overwrite and delete string keys and scattered integer keys,
-- iterate with pairs/next, and rebuild; exercises table resizing and the hash part.
-- Usage: hashtable.lua [keys]
local nkeys = tonumber(arg and arg[1]) or 160000

local function run(n)
  local checksum = 0
  -- string keys
  local names = {}
  for i = 1, n do names[i] = "key" .. i end
  local t = {}
  for i = 1, n do t[names[i]] = i end
  local found = 0
  for i = 1, n, 3 do
    local v = t[names[i]]
    if v then found = found + v end
  end
  for i = 1, n * 2, 7 do
    if t["key" .. i] then found = found + 1 end
  end
  -- delete every other key, overwrite the rest
  for i = 1, n, 2 do t[names[i]] = nil end
  for i = 2, n, 2 do t[names[i]] = i * 2 end
  local count, sum = 0, 0
  for _, v in pairs(t) do
    count = count + 1
    sum = sum + v
  end
  checksum = (found + count * 3 + sum) % 1000000007

  -- scattered integer keys (mostly in the hash part)
  local h = {}
  local k = 1
  for i = 1, n do
    k = (k * 7919 + i) % 1000003
    h[k] = i
  end
  local hits = 0
  for i = 1, n * 2 do
    if h[(i * 7) % 1000003] then hits = hits + 1 end
  end
  -- remove entries while traversing (allowed for existing fields)
  local removed = 0
  for key, v in pairs(h) do
    if v % 3 == 0 then
      h[key] = nil
      removed = removed + 1
    end
  end
  local left = 0
  local key = next(h)
  while key ~= nil do
    left = left + 1
    key = next(h, key)
  end
  -- mixed keys: booleans, floats, tables
  local keys = { true, false, 0.5, -1.25, {}, {} }
  local m = {}
  for i = 1, n do
    local key2 = keys[i % #keys + 1]
    m[key2] = (m[key2] or 0) + i
  end
  local msum = 0
  for _, v in pairs(m) do msum = msum + v end

  return (checksum + hits * 11 + removed * 13 + left * 17 + msum) % 1000000007
end

local result = 0
for round = 1, 3 do
  result = (result * 3 + run(nkeys + round)) % 1000000007
end
print("hashtable", nkeys, result)
