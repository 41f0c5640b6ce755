-- pairs over hash keys: collect and sort to be order independent
local t = {apple = 1, banana = 2, cherry = 3, date = 4, elderberry = 5}
t[1] = "one"; t[2] = "two"; t[3.5] = "float"
local strkeys, numkeys = {}, {}
local count, sum = 0, 0
for k, v in pairs(t) do
  count = count + 1
  if type(k) == "string" then strkeys[#strkeys + 1] = k; sum = sum + v
  else numkeys[#numkeys + 1] = k end
end
local function sort(a)
  for i = 2, #a do
    local v, j = a[i], i - 1
    while j >= 1 and a[j] > v do a[j + 1] = a[j]; j = j - 1 end
    a[j + 1] = v
  end
end
sort(strkeys); sort(numkeys)
print(count, sum)
for i = 1, #strkeys do print(strkeys[i], t[strkeys[i]]) end
for i = 1, #numkeys do print(numkeys[i], t[numkeys[i]]) end
