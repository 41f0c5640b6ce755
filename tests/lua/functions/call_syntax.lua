-- call with string and table literal arguments
local function show(x) if type(x) == "table" then return "table " .. #x else return x end end
print(show"string arg")
print(show[[long string arg]])
print(show{1, 2, 3})
local function chain(x) return function(y) return x .. y end end
print(chain "a" "b")
local t = {f = function(self, v) return v end}
print(t:f"method string")
print(t:f{1} ~= nil)
local function curry3(a) return function(b) return function(c) return a + b + c end end end
print(curry3(1)(2)(3))
