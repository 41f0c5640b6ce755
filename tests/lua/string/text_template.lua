-- a template expander: ${name} variables, ${name|filter} filters, {{expr}} via a function, escapes
local env = {user = "Ada", lang = "Lua", version = "5.1", count = 3, price = 4.5, items = "a,b,c"}
local filters = {
  upper = string.upper,
  lower = string.lower,
  rev = string.reverse,
  len = function(s) return tostring(#s) end,
  money = function(s) return string.format("$%.2f", tonumber(s)) end,
  list = function(s) return (s:gsub(",", ", ")) end,
}
local function expand(tpl)
  local out = tpl:gsub("%$(%b{})", function(body)
    local inner = body:sub(2, -2)
    local name, filter = inner:match("^%s*([%w_]+)%s*|%s*([%w_]+)%s*$")
    if not name then name = inner:match("^%s*([%w_]+)%s*$") end
    if not name then return "<bad:" .. inner .. ">" end
    local v = env[name]
    if v == nil then return "<undefined:" .. name .. ">" end
    v = tostring(v)
    if filter then
      local f = filters[filter]
      if not f then return "<nofilter:" .. filter .. ">" end
      v = f(v)
    end
    return v
  end)
  return out
end
local tpls = {
  "Hello, ${user}! Welcome to ${lang} ${version}.",
  "${user|upper} ${user|lower} ${user|rev} ${user|len}",
  "You have ${count} items (${items|list}) costing ${price|money} each.",
  "Missing: ${nope}; bad filter: ${user|nope}; bad: ${1 2}; plain $user; ${ user }",
  "Nested ${${user}} and empty ${}",
  "Percent signs 100% and %1 stay: ${count}%",
}
for _, t in ipairs(tpls) do print(expand(t)) end
-- a second pass with a table replacement and %-escapes in the replacement string
local t2 = ("[greet] [name], see [url]"):gsub("%[(%w+)%]", {greet = "Hi", name = "Bob"})
print(t2)
print((("x=1;y=22;z=333"):gsub("(%w)=(%d+)", "%2:%1%%")))
-- counting substitutions and limiting them
local s, n = ("a-b-c-d"):gsub("-", "+", 2)
print(s, n)
-- line-numbering a block
local block = "first\nsecond\n\nfourth"
local num = 0
print((block:gsub("[^\n]*", function(l) num = num + 1 return string.format("%02d| %s", num, l) end)))
