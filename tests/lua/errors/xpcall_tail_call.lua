-- The xpcall message handler runs even when the protected function
-- tail-calls the Lua function that raises the error (the tail call keeps the
-- frame's xpcall mark).
local function g(a) return a + 1 end
local function f() error("x") end
local h = function(m) return "H(" .. m .. ")" end
print(xpcall(function() return g(nil) end, h))
print(xpcall(function() return f() end, h))   
print(xpcall(function() return g(g(nil)) end, h))     -- error in an argument: fine
print(xpcall(function() local r = g(nil) return r end, h)) -- not a tail call: fine
-- the same in a hot loop
local n = 0
for i = 1, 1000 do
  local ok, m = xpcall(function() if i % 100 == 0 then return g(nil) end return i end, h)
  if not ok and string.sub(m, 1, 2) == "H(" then n = n + 1 end
end
print("handled", n)
