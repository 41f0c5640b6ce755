function explode(n)
  if n == 0 then error("boom at zero") end
  return explode(n - 1) + 1
end
print(explode(3))
