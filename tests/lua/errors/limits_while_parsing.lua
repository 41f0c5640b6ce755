-- Lua 5.1 checks the local-variable and upvalue limits while parsing, so the limit error
-- wins over a later syntax error (here: the missing 'end's at the end of the text).
local function show(f, e) print(f and "compiles" or e) end
local s = "function foo ()\n  local "
for j = 1,70 do s = s.."a"..j..", " end
s = s.."b\n"
for j = 1,70 do s = s.."function foo"..j.." ()\n a"..j.."=3\n" end
show(loadstring(s))
s = "\nfunction foo ()\n  local "
for j = 1,300 do s = s.."a"..j..", " end
show(loadstring(s .. "b\n"))
-- In the main function, with a syntax error right after the 201st name.
s = "local "
for j = 1, 201 do s = s .. "v" .. j .. ", " end
show(loadstring(s .. ")"))
-- Hidden for-loop locals count: 196 locals, then a numeric and a generic for.
local decl = {}
for j = 1, 196 do decl[#decl + 1] = "local l" .. j end
local base = table.concat(decl, "\n") .. "\n"
show(loadstring(base .. "for i = 1, 2 do end"))
show(loadstring(base .. "local x\nfor i = 1, 2 do end"))
show(loadstring(base .. "for k, v in pairs({}) do end"))
show(loadstring(base .. "for k, v, w in pairs({}) do end ("))
-- Locals leave scope at the end of their block (and of a repeat's condition).
show(loadstring(base .. "do local a, b, c, d end do local e, f, g, h end"))
show(loadstring(base .. "repeat local a, b, c, d until a\nlocal e, f, g, h"))
show(loadstring(base .. "repeat local a, b, c, d until a\nlocal e, f, g, h, i\n)"))
-- Parameters, 'self' and the implicit 'arg' of a vararg function are locals.
local params = {}
for j = 1, 199 do params[#params + 1] = "p" .. j end
local plist = table.concat(params, ", ")
show(loadstring("function t:m(" .. plist .. ") end"))
show(loadstring("function t:m(" .. plist .. ", q) end"))
show(loadstring("function f(" .. plist .. ", ...) end"))
show(loadstring("function f(" .. plist .. ", q, ...) end"))
show(loadstring("function f(" .. plist .. ", q) end"))
show(loadstring("function f(" .. plist .. ", q, r) end"))
-- An upvalue counts once however often it is named; a global is no upvalue.
local function upvals(n, extra)
  local u = {}
  for j = 1, n do u[#u + 1] = "local u" .. j .. " = " .. j end
  u[#u + 1] = "return function() return u1 + u1 + g1 + g2"
  for j = 2, n do u[#u + 1] = "+ u" .. j end
  return table.concat(u, "\n") .. (extra or " end")
end
show(loadstring(upvals(60)))
show(loadstring(upvals(61)))
show(loadstring(upvals(61, " end (")))
-- Through an intermediate function, which captures the upvalue too.
show(loadstring("local a = 1\n" .. upvals(60, " + (function() return a end)() end")))
