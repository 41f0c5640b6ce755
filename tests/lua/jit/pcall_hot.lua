-- pcall of Lua functions from hot compiled loops: results, errors of every kind, nested
-- protected calls, upvalues closed by an error, errors deep in the callee.
local function ok(n) return n, n * 2 end
local function fail(n) error("bad " .. n) end
local function failv(n) error({code = n}) end
local function failnil() error(nil) end
local function deep(n) if n == 0 then error("deep", 0) end return deep(n - 1) end
local function arith(x) return x + 1 end

local s, nfail = 0, 0
for i = 1, 500 do
  local a, b, c = pcall(ok, i)
  s = s + b + c
  if i % 7 == 0 then
    local st, e = pcall(fail, i)
    if not st then nfail = nfail + 1 end
    if i == 490 then print(st, e) end
  end
end
print(s, nfail)

-- error values: tables, nil, numbers, runtime errors with operand names
local kinds = {}
for i = 1, 300 do
  local st, e = pcall(failv, i)
  kinds[1] = e.code
  st, e = pcall(failnil)
  kinds[2] = tostring(e)
  st, e = pcall(arith, i % 50 == 0 and {} or i)
  kinds[3] = st and e or e
  st, e = pcall(deep, 20)
  kinds[4] = e
end
print(kinds[1], kinds[2], kinds[3], kinds[4])

-- pcall wanting one result, all results, none
local t = {}
for i = 1, 300 do
  t[1] = pcall(ok, i)
  t[2] = select('#', pcall(ok, i))
  pcall(ok, i)
  t[3] = {pcall(ok, i)}
end
print(t[1], t[2], #t[3], t[3][2], t[3][3])

-- nested protected calls: the inner one catches, the outer one sees success
local function inner(i)
  local st, e = pcall(fail, i)
  return st, e
end
local last
for i = 1, 300 do
  local st, a, b = pcall(inner, i)
  last = tostring(st) .. " " .. tostring(a) .. " " .. b
end
print(last)

-- an error closes the upvalues of the frames it unwinds
local fs = {}
local function mk(i)
  local v = i
  fs[#fs + 1] = function() return v end
  v = v + 1000
  if i % 2 == 0 then error("even") end
  return v
end
for i = 1, 200 do pcall(mk, i) end
print(#fs, fs[1](), fs[2](), fs[200]())

-- errors raised by natives inside the protected function, and a callee that recurses too deep
local function bad_native(i) return string.rep(i, -1, {}) .. nil end
local function recur(n) return recur(n + 1) + 1 end
local e1, e2
for i = 1, 250 do
  local _
  _, e1 = pcall(bad_native, i)
  if i == 250 then _, e2 = pcall(recur, 1) end
end
print(e1)
print(e2)

-- pcall of a function replaced midway by a non-function or a table with __call
local target = ok
local out = {}
for i = 1, 300 do
  if i == 200 then target = 42 end
  if i == 250 then target = setmetatable({}, {__call = function(self, x) return "called", x end}) end
  local st, a, b = pcall(target, i)
  out[#out + 1] = tostring(st) .. ":" .. tostring(a) .. ":" .. tostring(b)
end
print(out[199], out[200], out[300])
