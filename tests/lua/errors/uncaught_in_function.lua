local function inner(x)
  return x.field
end
local function outer()
  return inner(nil)
end
print("calling outer")
outer()
