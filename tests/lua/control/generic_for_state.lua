-- the generic for evaluates explist once and passes state/control
local calls = 0
local function gen()
  calls = calls + 1
  return function(s, c)
    print("iter called with", s, c)
    if c < 3 then return c + 1 end
  end, "state", 0
end
for v in gen() do print("body", v) end
print("gen calls", calls)
for k, v in next, {10} do print(k, v) end
local function trunc() return function(_, c) if c == nil then return 1, 2 end end end
for x, y, z in trunc() do print(x, y, z) end
