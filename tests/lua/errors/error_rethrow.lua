-- rethrowing errors keeps the message
local function risky() error("original") end
local ok, e = pcall(function()
  local ok2, e2 = pcall(risky)
  error(e2, 0)
end)
print(ok, e)
ok, e = pcall(function()
  local ok2, e2 = pcall(risky)
  error(e2)
end)
print(ok, e)
local obj = {}
ok, e = pcall(function() local _, x = pcall(error, obj); error(x) end)
print(ok, e == obj)
