-- Native functions as xpcall bodies and handlers, and as load's reader, when they raise:
-- the caller continues once, with the right values.
print(xpcall(error, error))
print("after 1")
local a, b = xpcall(error, error)
print(a, b)
print("after 2")
print(load(error))
print("after 3")
print(pcall(xpcall, error, error))
for i = 1, 3 do print(i, xpcall(error, error)) end
local function f(n)
  if n == 0 then return xpcall(error, error) end
  return f(n - 1)
end
print(f(5))
print(select("#", xpcall(error, error)))
