-- if / elseif / else
local function classify(n)
  if n < 0 then return "negative"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "large" end
end
for _, n in ipairs({-5, 0, 3, 10, 100}) do print(n, classify(n)) end
if nil then print("nil is true?") else print("nil is false") end
if false then print("no") end
if 0 then print("0 is true") end
if "" then print("empty string is true") end
local x = 5
if x > 1 then
  if x > 3 then print("nested >3") else print("nested <=3") end
end
