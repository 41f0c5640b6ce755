-- word frequencies with gmatch, sorted by count then word (insertion sort, no table library)
local text = [[
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness, it was
the spring of hope, it was the winter of despair, we had everything before us,
we had nothing before us, we were all going direct to Heaven, we were all going
direct the other way -- in short, the period was so far like the present period.
]]
local freq, order = {}, {}
local total = 0
for word in text:gmatch("%a+") do
  word = word:lower()
  total = total + 1
  if not freq[word] then
    freq[word] = 0
    order[#order + 1] = word
  end
  freq[word] = freq[word] + 1
end
for i = 2, #order do
  local w = order[i]
  local j = i - 1
  while j >= 1 and (freq[order[j]] < freq[w] or (freq[order[j]] == freq[w] and order[j] > w)) do
    order[j + 1] = order[j]
    j = j - 1
  end
  order[j + 1] = w
end
print(string.format("%d words, %d distinct", total, #order))
for i = 1, 12 do
  local w = order[i]
  print(string.format("%2d. %-12s %3d %s", i, w, freq[w], ("*"):rep(freq[w])))
end
-- longest words and letter histogram
local longest = ""
for w in text:gmatch("%a+") do if #w > #longest then longest = w end end
print("longest:", longest, #longest)
local letters = {}
for c in text:lower():gmatch("%l") do letters[c] = (letters[c] or 0) + 1 end
local line = ""
for b = ("a"):byte(), ("z"):byte() do
  local c = string.char(b)
  if letters[c] then line = line .. c .. "=" .. letters[c] .. " " end
end
print(line)
local lines, blank = 0, 0
for l in (text .. "\n"):gmatch("([^\n]*)\n") do
  lines = lines + 1
  if not l:find("%S") then blank = blank + 1 end
end
print("lines", lines, "blank", blank, "commas", select(2, text:gsub(",", ",")))
