-- numbers used as table keys keep their value when printed
local t = {}
t[1] = "one"; t[1.5] = "one and a half"; t[-2] = "minus two"; t[1e20] = "big"
local keys = {1, 1.5, -2, 1e20}
for i = 1, #keys do print(keys[i], t[keys[i]]) end
t[2^53] = "two53"
print(t[2^53], t[2^53 + 1])
