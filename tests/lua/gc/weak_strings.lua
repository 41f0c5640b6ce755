-- Strings are values to weak tables: entries with string keys or values are never cleared,
-- and the strings stay intact after collections (they were freed under the entries).

local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local wkv = setmetatable({}, {__mode = "kv"})
for i = 1, 5 do
  local s = string.rep("@", i) .. i
  wk[s] = i
  wv[i] = string.rep("#", i) .. "v"
  wkv[s .. "k"] = s .. "v"
  wv["t" .. i] = {}          -- tables do go
  wk[{}] = i
end
collectgarbage()
collectgarbage()
-- Allocate enough new strings to reuse freed memory if the strings had been freed.
local junk = {}
for i = 1, 2000 do junk[i] = string.rep("x", i % 50) .. i end
collectgarbage()

local keys = {}
for k, v in pairs(wk) do keys[#keys + 1] = k .. "=" .. v end
table.sort(keys)
print(#keys, table.concat(keys, " "))
for i = 1, 5 do io.write(wv[i], " ") end
print()
local n = 0
for k in pairs(wv) do n = n + 1 end
print("wv entries", n)
local kv = {}
for k, v in pairs(wkv) do kv[#kv + 1] = k .. ":" .. v end
table.sort(kv)
print(table.concat(kv, " "))
