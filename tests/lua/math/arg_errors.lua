-- argument errors name the function as called
local fns = {"abs", "ceil", "floor", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan",
             "exp", "log", "log10", "deg", "rad", "sinh", "cosh", "tanh", "frexp", "modf"}
for _, n in ipairs(fns) do
  local ok, e = pcall(math[n])
  print(n, ok, e)
  ok, e = pcall(math[n], "x")
  print(n, ok, e)
end
for _, n in ipairs({"atan2", "pow", "fmod", "ldexp"}) do
  print(n, pcall(math[n], 1))
  print(n, pcall(math[n], {}, 1))
end
local ok, e = pcall(function() return math.floor({}) end)
print(ok, e)
ok, e = pcall(function() return math.sqrt() end)
print(ok, e)
ok, e = pcall(function() local m = math; return m.pow(2, "y") end)
print(ok, e)
ok, e = pcall(function() local sin = math.sin; return sin(nil) end)
print(ok, e)
print(math.abs("  12  "), pcall(math.abs, "12a"))
