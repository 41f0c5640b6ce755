-- tokenized arithmetic expression parser and evaluator (recursive descent)
-- tokens are given as tables since the string library is not available
local function num(v) return {k = "num", v = v} end
local function op(v) return {k = "op", v = v} end
local function var(v) return {k = "var", v = v} end

local function parse(tokens)
  local pos = 1
  local function peek() return tokens[pos] end
  local function take() pos = pos + 1; return tokens[pos - 1] end
  local expr
  local function primary()
    local t = take()
    if not t then error("unexpected end", 0) end
    if t.k == "num" then return {tag = "num", v = t.v} end
    if t.k == "var" then return {tag = "var", name = t.v} end
    if t.v == "(" then
      local e = expr()
      local c = take()
      if not c or c.v ~= ")" then error("expected )", 0) end
      return e
    end
    if t.v == "-" then return {tag = "neg", e = primary()} end
    error("unexpected token " .. tostring(t.v), 0)
  end
  local function power()
    local b = primary()
    local t = peek()
    if t and t.v == "^" then take(); return {tag = "bin", op = "^", l = b, r = power()} end
    return b
  end
  local function term()
    local l = power()
    while true do
      local t = peek()
      if t and (t.v == "*" or t.v == "/" or t.v == "%") then take(); l = {tag = "bin", op = t.v, l = l, r = power()}
      else return l end
    end
  end
  function expr()
    local l = term()
    while true do
      local t = peek()
      if t and (t.v == "+" or t.v == "-") then take(); l = {tag = "bin", op = t.v, l = l, r = term()}
      else return l end
    end
  end
  local e = expr()
  if pos <= #tokens then error("trailing tokens", 0) end
  return e
end

local ops = {
  ["+"] = function(a, b) return a + b end, ["-"] = function(a, b) return a - b end,
  ["*"] = function(a, b) return a * b end, ["/"] = function(a, b) return a / b end,
  ["%"] = function(a, b) return a % b end, ["^"] = function(a, b) return a ^ b end,
}
local function eval(e, env)
  if e.tag == "num" then return e.v
  elseif e.tag == "var" then
    local v = env[e.name]
    if v == nil then error("undefined variable " .. e.name, 0) end
    return v
  elseif e.tag == "neg" then return -eval(e.e, env)
  else return ops[e.op](eval(e.l, env), eval(e.r, env)) end
end
local function show(e)
  if e.tag == "num" then return tostring(e.v)
  elseif e.tag == "var" then return e.name
  elseif e.tag == "neg" then return "(-" .. show(e.e) .. ")"
  else return "(" .. show(e.l) .. " " .. e.op .. " " .. show(e.r) .. ")" end
end

local env = {x = 3, y = 4}
local programs = {
  {num(1), op("+"), num(2), op("*"), num(3)},
  {op("("), num(1), op("+"), num(2), op(")"), op("*"), num(3)},
  {num(2), op("^"), num(3), op("^"), num(2)},
  {var("x"), op("*"), var("x"), op("+"), var("y"), op("*"), var("y")},
  {op("-"), num(7), op("%"), num(3)},
  {num(10), op("/"), num(4), op("-"), num(1)},
  {var("z"), op("+"), num(1)},
  {num(1), op("+")},
  {op("("), num(1)},
  {num(1), num(2)},
}
for i, p in ipairs(programs) do
  local ok, ast = pcall(parse, p)
  if ok then
    local ok2, v = pcall(eval, ast, env)
    print(i, show(ast), ok2, v)
  else
    print(i, "parse error", ast)
  end
end
