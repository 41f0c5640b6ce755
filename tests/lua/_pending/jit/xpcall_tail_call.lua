-- Pending: the interpreter skips the xpcall message handler when the
-- function given to xpcall tail-calls a Lua function that raises the error.
-- lua5.1 calls the handler in every case below.
local function g(a) return a + 1 end
local function f() error("x") end
local h = function(m) return "H(" .. m .. ")" end
print(xpcall(function() return g(nil) end, h))        -- tail call: handler skipped
print(xpcall(function() return f() end, h))           -- tail call: handler skipped
print(xpcall(function() return g(g(nil)) end, h))     -- error in an argument: fine
print(xpcall(function() local r = g(nil) return r end, h)) -- not a tail call: fine
-- the same in a hot loop
local n = 0
for i = 1, 1000 do
  local ok, m = xpcall(function() if i % 100 == 0 then return g(nil) end return i end, h)
  if not ok and string.sub(m, 1, 2) == "H(" then n = n + 1 end
end
print("handled", n)
