-- every class and its complement over all 256 byte values (C locale)
local all = ""
for i = 0, 255 do all = all .. string.char(i) end
local classes = {"a", "c", "d", "l", "p", "s", "u", "w", "x", "z"}
for _, c in ipairs(classes) do
  for _, k in ipairs({c, c:upper()}) do
    local n, first, last = 0, nil, nil
    for i = 0, 255 do
      if all:sub(i + 1, i + 1):find("^%" .. k .. "$") then
        n = n + 1
        first = first or i
        last = i
      end
    end
    local inset = 0
    for i = 0, 255 do
      if all:sub(i + 1, i + 1):find("^[%" .. k .. "]$") then inset = inset + 1 end
    end
    local g = select(2, all:gsub("%" .. k, ""))
    print("%" .. k, n, first, last, inset, g)
  end
end
-- escaped non-alphanumerics match themselves
print(("a.b"):find("%."), ("a%b"):find("%%"), ("(x)"):match("%((%a)%)"), ("a-b"):match("%a%-%a"), ("1+1"):match("%d%+%d"))
print(("x"):find("%Q"), ("Q"):find("%Q"), ("_"):match("%_"), ("%"):match("%%"))
print(("tab\there"):match("%s"), ("ctl\1x"):match("%c") == "\1", ("A1b2"):gsub("%u", "U"), ("A1b2"):gsub("%L", "."))
