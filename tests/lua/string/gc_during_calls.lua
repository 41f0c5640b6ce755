-- collections while gsub runs Lua code must not free the subject, pattern or results so far
local function churn()
  local t = {}
  for i = 1, 200 do t[i] = {i, tostring(i) .. "x"} end
  collectgarbage()
  return t
end
-- a subject converted from a number exists only inside gsub
local r, n = string.gsub(1234567890, "%d", function(d) churn() return d .. d end)
print(r, n)
r, n = string.gsub(9876.5, "(%d)", function(d) churn() return "<" .. d .. ">" end)
print(r, n)
-- a pattern converted from a number
r, n = string.gsub("a1b1c1", 1, function(m) churn() return "[" .. m .. "]" end)
print(r, n)
-- a long result built across many callbacks
local big = ("abcdefghij"):rep(200)
local count = 0
r = big:gsub("%a", function(c) count = count + 1 if count % 100 == 0 then churn() end return c:upper() .. c end)
print(#r, r:sub(1, 20), r:sub(-10), count)
-- table replacement whose __index allocates and collects
local t = setmetatable({}, {__index = function(_, k) churn() return k:rep(2) end})
print((("x y z"):gsub("%a", t)))
-- gmatch iterators survive collections between steps
local it = ("k1=v1;k2=v2;k3=v3"):gsub(";", " "):gmatch("(%w+)=(%w+)")
local out = ""
while true do
  churn()
  local k, v = it()
  if not k then break end
  out = out .. k .. ":" .. v .. " "
end
print(out)
-- many temporary strings from the library
local acc = 0
for i = 1, 300 do
  local s = string.format("%5d|%-8s|%8.3f|%q", i, ("x"):rep(i % 7), i / 7, "q" .. i)
  acc = acc + #s + #s:upper() + select(2, s:gsub("%d", ""))
  if i % 50 == 0 then collectgarbage() end
end
print(acc)
