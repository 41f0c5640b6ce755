-- A small tour of the language: closures, metatables, varargs, recursion and pcall.

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

-- A class with inheritance through metatables.
local Shape = {}
Shape.__index = Shape
function Shape.new(name) return setmetatable({ name = name }, Shape) end
function Shape:describe() return self.name .. " with area " .. self:area() end

local Rect = setmetatable({}, { __index = Shape })
Rect.__index = Rect
function Rect.new(w, h)
  local r = Shape.new("rect")
  r.w, r.h = w, h
  return setmetatable(r, Rect)
end
function Rect:area() return self.w * self.h end

-- Vectors with arithmetic metamethods.
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
Vec.__tostring = function(v) return "(" .. v.x .. ", " .. v.y .. ")" end
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end

local function counter()
  local n = 0
  return function() n = n + 1; return n end
end

local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  return s
end

print("fib(25) = " .. fib(25))
print(Rect.new(3, 4):describe())
print(tostring(Vec.new(1, 2) + Vec.new(10, 20)))
local c = counter()
c(); c()
print("counter:", c())
print("sum:", sum(1, 2, 3, 4.5))
local ok, err = pcall(function() local t = nil; return t.field end)
print("pcall:", ok, err)
local squares = {}
for i = 1, 10 do squares[#squares + 1] = i * i end
print("#squares:", #squares, "last:", squares[#squares])
