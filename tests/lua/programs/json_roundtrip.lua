-- A small JSON encoder/decoder in idiomatic Lua 5.1, exercised on nested data.
local json = {}

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                  ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function is_array(t)
  local n = 0
  for k in pairs(t) do
    if type(k) ~= "number" or k <= 0 or k % 1 ~= 0 then return false end
    n = math.max(n, k)
  end
  return n == #t
end

function json.encode(v, indent, depth)
  depth = depth or 0
  local t = type(v)
  if t == "nil" then return "null"
  elseif t == "boolean" then return tostring(v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("cannot encode " .. tostring(v)) end
    if v % 1 == 0 and math.abs(v) < 1e15 then return string.format("%d", v) end
    return string.format("%.14g", v)
  elseif t == "string" then return encode_string(v)
  elseif t == "table" then
    local parts = {}
    if is_array(v) then
      for i = 1, #v do parts[#parts + 1] = json.encode(v[i], indent, depth + 1) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for _, k in ipairs(keys) do
      parts[#parts + 1] = encode_string(k) .. ":" .. json.encode(v[k], indent, depth + 1)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode a " .. t)
end

local decode_value

local function skip(s, i) return s:find("%S", i) or #s + 1 end

local function decode_error(s, i, what)
  local line, col = 1, 1
  for j = 1, i - 1 do
    if s:sub(j, j) == "\n" then line, col = line + 1, 1 else col = col + 1 end
  end
  error(string.format("%s at line %d col %d", what, line, col), 0)
end

local function decode_string(s, i)
  local out, j = {}, i + 1
  while true do
    local c = s:sub(j, j)
    if c == "" then decode_error(s, j, "unterminated string") end
    if c == '"' then return table.concat(out), j + 1 end
    if c == "\\" then
      local e = s:sub(j + 1, j + 1)
      local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
      if map[e] then out[#out + 1] = map[e]; j = j + 2
      elseif e == "u" then
        local hex = s:sub(j + 2, j + 5)
        if not hex:match("^%x%x%x%x$") then decode_error(s, j, "bad unicode escape") end
        out[#out + 1] = string.char(tonumber(hex, 16) % 256); j = j + 6
      else decode_error(s, j, "bad escape") end
    else
      out[#out + 1] = c; j = j + 1
    end
  end
end

function decode_value(s, i)
  i = skip(s, i)
  local c = s:sub(i, i)
  if c == "{" then
    local obj = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "}" then return obj, i + 1 end
    while true do
      if s:sub(i, i) ~= '"' then decode_error(s, i, "expected key") end
      local k; k, i = decode_string(s, i)
      i = skip(s, i)
      if s:sub(i, i) ~= ":" then decode_error(s, i, "expected ':'") end
      obj[k], i = decode_value(s, i + 1)
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "}" then return obj, i + 1 end
      if d ~= "," then decode_error(s, i, "expected ',' or '}'") end
      i = skip(s, i + 1)
    end
  elseif c == "[" then
    local arr = {}
    i = skip(s, i + 1)
    if s:sub(i, i) == "]" then return arr, i + 1 end
    while true do
      arr[#arr + 1], i = decode_value(s, i)
      i = skip(s, i)
      local d = s:sub(i, i)
      if d == "]" then return arr, i + 1 end
      if d ~= "," then decode_error(s, i, "expected ',' or ']'") end
      i = i + 1
    end
  elseif c == '"' then return decode_string(s, i)
  elseif s:find("^true", i) then return true, i + 4
  elseif s:find("^false", i) then return false, i + 5
  elseif s:find("^null", i) then return nil, i + 4
  else
    local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
    if not num or num == "" then decode_error(s, i, "unexpected character '" .. c .. "'") end
    return tonumber(num), i + #num
  end
end

function json.decode(s)
  local v, i = decode_value(s, 1)
  i = skip(s, i)
  if i <= #s then decode_error(s, i, "trailing garbage") end
  return v
end

local data = {
  name = "widget", id = 1234, price = 19.95, tags = {"a", "b", "c\n\"quoted\""},
  dims = { w = 2.5, h = 10, d = 0.125 }, ok = true, nothing = false,
  nested = { { x = 1 }, { x = 2, y = { 1, 2, { 3 } } } }, big = 1e20, neg = -7,
}
local s = json.encode(data)
print(s)
local back = json.decode(s)
print(json.encode(back) == s)
print(back.tags[3], back.dims.d, back.nested[2].y[3][1], back.big)
for _, bad in ipairs({ '{"a":}', '[1,2', '{"a" 1}', '"abc', '[1] x', '{"k":"\\q"}', '@' }) do
  print(pcall(json.decode, bad))
end
print(pcall(json.encode, { f = print }))
print(pcall(json.encode, 0/0))
local big = {}
for i = 1, 200 do big[i] = { id = i, name = "item" .. i, score = i * 1.5 } end
local enc = json.encode(big)
print(#enc, enc:sub(1, 60))
local dec = json.decode(enc)
local total = 0
for _, it in ipairs(dec) do total = total + it.score end
print(#dec, total)
