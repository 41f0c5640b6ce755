-- JSON: generate a JSON document (records with nested objects, arrays, escaped strings,
-- numbers, booleans, nulls) from a fixed pseudo-random sequence, parse it back with a
-- recursive-descent parser built on string.byte/find/sub, and walk the result.
-- Usage: json.lua [records]
local records = tonumber(arg and arg[1]) or 30000

local byte, sub, find, char = string.byte, string.sub, string.find, string.char
local concat = table.concat

-- Park-Miller generator: exact in doubles and in 64-bit integers alike.
local seed = 42
local function rand(n)
  seed = (seed * 16807) % 2147483647
  return seed % n
end

---------------------------------------------------------------- generator
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                "quote\"d", "back\\slash", "new\nline", "tab\there", "caf\195\169" }

local out, n = {}, 0
local function emit(s)
  n = n + 1
  out[n] = s
end

local function emit_string(s)
  -- escape quote, backslash, newline and tab; every 7th string also spells a letter as \u
  s = s:gsub('[\\"\n\t]', { ['\\'] = '\\\\', ['"'] = '\\"', ['\n'] = '\\n', ['\t'] = '\\t' })
  if rand(7) == 0 then s = s .. "\\u0041" end
  emit('"' .. s .. '"')
end

local function emit_number()
  local whole = rand(20000) - 10000
  local frac = rand(4)
  if frac == 0 then
    emit(tostring(whole))
  else
    emit(whole .. "." .. (frac * 25))
  end
end

local emit_value
local function emit_object(depth)
  emit("{")
  local fields = 1 + rand(5)
  for i = 1, fields do
    if i > 1 then emit(",") end
    emit_string(words[1 + rand(#words)] .. i)
    emit(":")
    emit_value(depth + 1)
  end
  emit("}")
end

local function emit_array(depth)
  emit("[ ")
  local items = rand(6)
  for i = 1, items do
    if i > 1 then emit(", ") end
    emit_value(depth + 1)
  end
  emit(" ]")
end

function emit_value(depth)
  local kind = rand(depth < 4 and 8 or 5)
  if kind == 0 then emit_number()
  elseif kind == 1 then emit_string(words[1 + rand(#words)])
  elseif kind == 2 then emit(rand(2) == 0 and "true" or "false")
  elseif kind == 3 then emit("null")
  elseif kind == 4 then emit_number()
  elseif kind <= 6 then emit_object(depth)
  else emit_array(depth)
  end
end

emit("[\n")
for r = 1, records do
  if r > 1 then emit(",\n") end
  emit('  {"id": ' .. r .. ', "name": ')
  emit_string(words[1 + rand(#words)])
  emit(', "data": ')
  emit_value(1)
  emit("}")
end
emit("\n]\n")
local text = concat(out)

---------------------------------------------------------------- parser
local NULL = setmetatable({}, { __tostring = function() return "null" end })
local pos = 1

local function fail(what)
  error(string.format("json: %s at position %d", what, pos))
end

local function skip_space()
  local _, e = find(text, "^[ \n\r\t]*", pos)
  pos = e + 1
end

local escapes = { [98] = "\b", [102] = "\f", [110] = "\n", [114] = "\r", [116] = "\t",
                  [34] = '"', [92] = "\\", [47] = "/" }

local function parse_string()
  -- pos is at the opening quote
  local parts, np = {}, 0
  local i = pos + 1
  while true do
    local j = find(text, '["\\]', i)
    if j == nil then fail("unterminated string") end
    if j > i then
      np = np + 1
      parts[np] = sub(text, i, j - 1)
    end
    if byte(text, j) == 34 then
      pos = j + 1
      return concat(parts)
    end
    local e = byte(text, j + 1)
    if e == 117 then -- \uXXXX, only the ASCII range is generated
      local code = tonumber(sub(text, j + 2, j + 5), 16)
      if code == nil or code > 127 then fail("bad \\u escape") end
      np = np + 1
      parts[np] = char(code)
      i = j + 6
    else
      local c = escapes[e]
      if c == nil then fail("bad escape") end
      np = np + 1
      parts[np] = c
      i = j + 2
    end
  end
end

local parse_value

local function parse_object()
  local obj = {}
  pos = pos + 1
  skip_space()
  if byte(text, pos) == 125 then
    pos = pos + 1
    return obj
  end
  while true do
    skip_space()
    if byte(text, pos) ~= 34 then fail("expected a key") end
    local key = parse_string()
    skip_space()
    if byte(text, pos) ~= 58 then fail("expected ':'") end
    pos = pos + 1
    obj[key] = parse_value()
    skip_space()
    local c = byte(text, pos)
    pos = pos + 1
    if c == 125 then return obj end
    if c ~= 44 then fail("expected ',' or '}'") end
  end
end

local function parse_array()
  local arr, count = {}, 0
  pos = pos + 1
  skip_space()
  if byte(text, pos) == 93 then
    pos = pos + 1
    return arr
  end
  while true do
    count = count + 1
    arr[count] = parse_value()
    skip_space()
    local c = byte(text, pos)
    pos = pos + 1
    if c == 93 then return arr end
    if c ~= 44 then fail("expected ',' or ']'") end
  end
end

function parse_value()
  skip_space()
  local c = byte(text, pos)
  if c == 123 then return parse_object()
  elseif c == 91 then return parse_array()
  elseif c == 34 then return parse_string()
  elseif c == 116 then
    if sub(text, pos, pos + 3) ~= "true" then fail("bad literal") end
    pos = pos + 4
    return true
  elseif c == 102 then
    if sub(text, pos, pos + 4) ~= "false" then fail("bad literal") end
    pos = pos + 5
    return false
  elseif c == 110 then
    if sub(text, pos, pos + 3) ~= "null" then fail("bad literal") end
    pos = pos + 4
    return NULL
  else
    local s, e = find(text, "^-?%d+%.?%d*", pos)
    if s == nil then fail("unexpected character") end
    pos = e + 1
    return tonumber(sub(text, s, e))
  end
end

local doc = parse_value()
skip_space()
if pos ~= #text + 1 then fail("trailing text") end

---------------------------------------------------------------- walk
local objects, arrays, strings, chars, numbers, bools, nulls = 0, 0, 0, 0, 0, 0, 0
local numsum = 0
local function walk(v)
  local t = type(v)
  if t == "table" then
    if v == NULL then
      nulls = nulls + 1
    elseif v[1] ~= nil or next(v) == nil then
      arrays = arrays + 1
      for i = 1, #v do walk(v[i]) end
    else
      objects = objects + 1
      for k, x in pairs(v) do
        chars = chars + #k
        walk(x)
      end
    end
  elseif t == "string" then
    strings = strings + 1
    chars = chars + #v
  elseif t == "number" then
    numbers = numbers + 1
    numsum = numsum + v
  else
    bools = bools + 1
  end
end
walk(doc)
print(string.format("json %d %d %d %d %d %d %d %d %d %.2f", records, #text, objects, arrays,
                    strings, chars, numbers, bools, nulls, numsum))
