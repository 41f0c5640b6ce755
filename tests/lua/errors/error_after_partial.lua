-- side effects before an error remain visible
local t = {}
local ok = pcall(function()
  t[1] = "done"
  t[2] = "done"
  error("stop")
  t[3] = "never"
end)
print(ok, t[1], t[2], t[3])
local count = 0
for i = 1, 10 do
  pcall(function() count = count + 1; if i % 2 == 0 then error("even") end; count = count + 10 end)
end
print(count)
