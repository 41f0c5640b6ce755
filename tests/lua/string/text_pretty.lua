-- a small pretty-printer for nested tables using string.format widths (keys sorted by hand)
local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  for i = 2, #ks do
    local k, j = ks[i], i - 1
    while j >= 1 and tostring(ks[j]) > tostring(k) do ks[j + 1] = ks[j]; j = j - 1 end
    ks[j + 1] = k
  end
  return ks
end
local function pretty(v, indent)
  indent = indent or 0
  local pad = ("  "):rep(indent)
  if type(v) == "table" then
    local lines = {"{"}
    for _, k in ipairs(sorted_keys(v)) do
      local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. string.format(type(k) == "string" and "%q" or "%s", k) .. "]"
      lines[#lines + 1] = pad .. "  " .. key .. " = " .. pretty(v[k], indent + 1) .. ","
    end
    lines[#lines + 1] = pad .. "}"
    local s = ""
    for i = 1, #lines do s = s .. lines[i] .. (i < #lines and "\n" or "") end
    return s
  elseif type(v) == "string" then
    return string.format("%q", v)
  else
    return tostring(v)
  end
end
print(pretty({name = "widget", size = {w = 10, h = 2.5}, tags = {"a", "b"}, ["odd key"] = true, note = "line1\nline2"}))
-- a table report with aligned columns
local rows = {
  {"apples", 3, 0.5}, {"bananas", 12, 0.25}, {"cherries", 250, 0.02}, {"durian", 1, 12.75}, {"elderberries", 40, 0.125},
}
local header = string.format("%-14s %6s %9s %10s", "item", "qty", "price", "total")
print(header)
print(("-"):rep(#header))
local grand = 0
for _, r in ipairs(rows) do
  local total = r[2] * r[3]
  grand = grand + total
  print(string.format("%-14s %6d %9.3f %10.2f", r[1], r[2], r[3], total))
end
print(("="):rep(#header))
print(string.format("%-14s %6s %9s %10.2f", "TOTAL", "", "", grand))
print(string.format("%-14s %6s %9s %10.3e", "(sci)", "", "", grand))
-- hex dump
local data = "Lua\0\1\2 patterns & formats\255"
for off = 1, #data, 8 do
  local chunk = data:sub(off, off + 7)
  local hex = chunk:gsub(".", function(c) return string.format("%02x ", c:byte()) end)
  local asc = chunk:gsub("[^%w%p ]", ".")
  print(string.format("%04x  %-24s |%-8s|", off - 1, hex, asc))
end
