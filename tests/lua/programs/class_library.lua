-- A class library with inheritance, super calls, mixins, properties and tostring.
local Class = {}
Class.__index = Class

local function new_class(name, parent)
  local cls = setmetatable({}, { __index = parent, __call = function(c, ...) return c.new(...) end,
                                 __tostring = function() return "class " .. name end })
  cls.__index = cls
  cls.__name = name
  cls.super = parent
  cls.__tostring = function(self) return string.format("%s(%s)", name, self:describe()) end
  function cls.new(...)
    local obj = setmetatable({}, cls)
    if obj.init then obj:init(...) end
    return obj
  end
  function cls:is_a(c)
    local m = getmetatable(self)
    while m do
      if m == c then return true end
      m = m.super
    end
    return false
  end
  return cls
end

local Animal = new_class("Animal")
function Animal:init(name, legs) self.name = name; self.legs = legs or 4 end
function Animal:describe() return self.name .. ", " .. self.legs .. " legs" end
function Animal:speak() return "..." end

local Dog = new_class("Dog", Animal)
function Dog:init(name, breed) Dog.super.init(self, name, 4); self.breed = breed end
function Dog:speak() return "Woof" end
function Dog:describe() return Animal.describe(self) .. ", " .. self.breed end

local Bird = new_class("Bird", Animal)
function Bird:init(name) Animal.init(self, name, 2) end
function Bird:speak() return "Tweet" end

local Counter = { count = function(self) self.calls = (self.calls or 0) + 1 return self.calls end }
local function mixin(cls, m) for k, v in pairs(m) do cls[k] = v end end
mixin(Bird, Counter)

local zoo = { Dog("Rex", "beagle"), Bird("Tweety"), Animal.new("Generic", 6), Dog.new("Fido", "pug") }
for i, a in ipairs(zoo) do
  print(i, tostring(a), a:speak(), a:is_a(Animal), a:is_a(Dog), a:is_a(Bird))
end
print(tostring(Dog), tostring(Animal), Dog.super == Animal)
local b = zoo[2]
print(b:count(), b:count(), b:count())
table.sort(zoo, function(x, y) return x.name < y.name end)
local names = {}
for _, a in ipairs(zoo) do names[#names + 1] = a.name end
print(table.concat(names, " < "))
-- properties via __index/__newindex functions
local Point = {}
Point.__index = function(t, k)
  if k == "norm" then return math.sqrt(t.x * t.x + t.y * t.y) end
  return rawget(Point, k)
end
Point.__newindex = function(t, k, v)
  if k == "norm" then error("norm is read-only", 2) end
  rawset(t, k, v)
end
Point.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Point.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, Point) end
Point.__lt = function(a, b) return a.norm < b.norm end
Point.__le = function(a, b) return a.norm <= b.norm end
local p = setmetatable({ x = 3, y = 4 }, Point)
local q = setmetatable({ x = 3, y = 4 }, Point)
print(p.norm, p == q, rawequal(p, q), (p + q).norm, p < p + q, p <= q)
print(pcall(function() p.norm = 1 end))
p.z = 9
print(rawget(p, "z"), string.format("%.3f", (p + q + q).norm))
