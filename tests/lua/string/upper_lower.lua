print(string.upper("hello World 123!"), string.lower("HELLO World 123!"))
print(("MiXeD"):upper(), ("MiXeD"):lower(), (""):upper(), string.lower(""))
-- only ASCII letters change (C locale); other bytes are kept as they are
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = ""
for i = 1, #all do s = s .. all[i] end
local u, l = s:upper(), s:lower()
local changedU, changedL = 0, 0
for i = 1, 256 do
  if u:byte(i) ~= s:byte(i) then changedU = changedU + 1 end
  if l:byte(i) ~= s:byte(i) then changedL = changedL + 1 end
end
print(#u, #l, changedU, changedL)
print(u:sub(66, 91), l:sub(98, 123), u:byte(129), l:byte(200), u:byte(1))
print(string.upper(1e10), string.lower(0.5), string.upper(-12))
print(string.upper("caf\195\169") == "CAF\195\169")
print(pcall(string.upper))
print(pcall(string.lower, {}))
