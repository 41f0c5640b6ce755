local function check(v)
  if not v then error("check failed", 2) end
end
check(true)
print("first check passed")
check(false)
