-- a CSV splitter with quoted fields ("" escapes a quote), built on find/sub/gsub
local function split_csv(line)
  local fields, pos = {}, 1
  while true do
    if line:sub(pos, pos) == '"' then
      local buf, i = "", pos + 1
      while true do
        local a, b = line:find('"', i, true)
        if not a then error("unterminated quote at " .. pos) end
        buf = buf .. line:sub(i, a - 1)
        if line:sub(a + 1, a + 1) == '"' then
          buf = buf .. '"'
          i = a + 2
        else
          i = a + 1
          break
        end
      end
      fields[#fields + 1] = buf
      local c = line:sub(i, i)
      if c == "," then pos = i + 1 elseif c == "" then break else error("junk after quote at " .. i) end
    else
      local a = line:find(",", pos, true)
      if a then
        fields[#fields + 1] = line:sub(pos, a - 1)
        pos = a + 1
      else
        fields[#fields + 1] = line:sub(pos)
        break
      end
    end
  end
  return fields
end
local data = [[
name,age,city,note
Alice,30,Paris,"likes ""quotes"""
Bob,25,"New York, NY",
"Smith, John",41,London,"multi, comma, field"
,,,
Eve,,"",x]]
local rows = {}
for line in data:gmatch("[^\n]+") do rows[#rows + 1] = split_csv(line) end
for i, r in ipairs(rows) do
  local out = {}
  for j, f in ipairs(r) do out[j] = string.format("%q", f) end
  print(i, #r, unpack(out))
end
-- aggregate: average age of rows with a numeric age
local sum, n = 0, 0
for i = 2, #rows do
  local age = tonumber(rows[i][2])
  if age then sum, n = sum + age, n + 1 end
end
print(string.format("average age %.2f over %d rows", sum / n, n))
print(pcall(split_csv, '"open'))
print(pcall(split_csv, '"a"b'))
-- the same fields with a pattern-only splitter for unquoted data
local simple = "a,b,,d,"
local parts = ""
for f in (simple .. ","):gmatch("([^,]*),") do parts = parts .. "[" .. f .. "]" end
print(parts)
