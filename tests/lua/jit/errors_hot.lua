-- Errors raised from hot code, caught by pcall, with line numbers and
-- variable names in the messages. Every function first runs many times
-- successfully, then fails once, then keeps working.

local function report(tag, ok, err)
  if type(err) == "table" then err = "table:" .. tostring(err.code) end
  print(tag, ok, type(err), err)
end

local function raiser(kind, i)
  if i < 2000 then return i end
  if kind == 1 then error("x") end
  if kind == 2 then error({ code = i }) end
  if kind == 3 then error(nil) end
  if kind == 4 then error("lvl2", 2) end
  if kind == 5 then error("nolvl", 0) end
  if kind == 6 then error(42) end
  if kind == 7 then assert(false, "assert msg") end
  if kind == 8 then assert(nil) end
  if kind == 9 then assert(i == 0, i) end
  return -1
end

for kind = 1, 9 do
  local s = 0
  for i = 1, 2000 do
    local ok, v = pcall(raiser, kind, i)
    if ok then s = s + v else report("kind " .. kind, ok, v) end
  end
  print("sum", kind, s)
end

-- arithmetic on nil with names: local, field, global, upvalue, constant index
local up, upt = nil, nil
local function arith(kind, i)
  local loc = i
  local str = "s" .. i
  local t = { f = i, [1] = i, sub = { g = i } }
  if i == 1500 then loc = nil; str = nil; t.f = nil; t[1] = nil; t.sub = nil; up = nil; upt = nil end
  if kind == 1 then return loc + 1 end
  if kind == 2 then return t.f * 2 end
  if kind == 3 then return GLOBALVAL - i end
  if kind == 4 then return up + i end
  if kind == 5 then return t[1] + 1 end
  if kind == 6 then return -loc end
  if kind == 7 then return loc .. "s" end
  if kind == 8 then return #str end
  if kind == 9 then return loc < 1 end
  if kind == 10 then return t.sub.g end
  if kind == 11 then return GLOBALFN(i) end
  if kind == 12 then return t:method() end
  if kind == 13 then return upt.x end
  if kind == 14 then return loc % 2 end
  if kind == 15 then return 2 ^ loc end
end

for kind = 1, 15 do
  GLOBALVAL = 1
  up = 3
  upt = { x = 1 }
  GLOBALFN = function(x) return x end
  local okc, errc = 0, 0
  for i = 1, 1500 do
    if i == 1500 then GLOBALVAL = nil; GLOBALFN = nil end
    if kind == 12 and i < 1500 then
      okc = okc + 1    -- method call on a table without it always fails
    else
      local ok, err = pcall(arith, kind, i)
      if ok then
        okc = okc + 1
      else
        errc = errc + 1
        if errc == 1 or i == 1500 then print(kind, i, err) end
      end
    end
  end
  print("kind", kind, okc, errc)
end

-- errors with a non-string message value keep their identity
local E = { code = 7 }
local caught = 0
for i = 1, 1000 do
  local ok, e = pcall(function() if i % 100 == 0 then error(E) end return i end)
  if not ok and e == E then caught = caught + 1 end
end
print("identity", caught)

-- error() in a nested hot function with level 2 blames the caller's line
local function check(v) if type(v) ~= "number" then error("expected number, got " .. type(v), 2) end return v end
local function user(v)
  local r = check(v)   -- this line is reported
  return r
end
local acc = 0
for i = 1, 1000 do acc = acc + user(i) end
print(acc, pcall(user, "s"))

-- xpcall with a traceback-free handler (the erroring call is not a tail
-- call; see tests/lua/_pending/jit/xpcall_tail_call.lua for that case)
local function handler(m) return "handled: " .. tostring(m) end
for i = 1, 3 do
  print(xpcall(function() local r = raiser(1, 2000 + i); return r end, handler))
end
print(xpcall(function() local z; return z.y end, handler))

-- string-to-number conversion failure in arithmetic
local function conv(s) return s + 1 end
for i = 1, 1000 do conv(tostring(i)) end
print(pcall(conv, "12abc"))
print(pcall(conv, ""))
print(pcall(conv, "0x"))
print(conv(" 12 "), conv("1e1"), conv("0X1f"), conv(".5"), conv("5."))
