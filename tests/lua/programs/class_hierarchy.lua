-- a small class system with inheritance, super calls and tostring
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.super = parent
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  return c
end

local Shape = class()
function Shape:init(name) self.name = name; Shape.count = (Shape.count or 0) + 1 end
function Shape:area() return 0 end
function Shape:describe() return self.name .. " with area " .. self:area() end
Shape.__tostring = function(s) return "Shape<" .. s.name .. ">" end

local Rect = class(Shape)
function Rect:init(w, h) Shape.init(self, "rect"); self.w = w; self.h = h end
function Rect:area() return self.w * self.h end
Rect.__tostring = Shape.__tostring

local Square = class(Rect)
function Square:init(s) Rect.init(self, s, s); self.name = "square" end
Square.__tostring = function(s) return "Square[" .. s.w .. "]" end

local Circle = class(Shape)
function Circle:init(r) Shape.init(self, "circle"); self.r = r end
function Circle:area() return 3 * self.r * self.r end

local shapes = {Rect.new(2, 3), Square.new(4), Circle.new(1), Shape.new("blob")}
for i, s in ipairs(shapes) do print(i, s:describe(), rawget(getmetatable(s), "__tostring") and tostring(s) or "(no __tostring)") end
print("count", Shape.count)
print(Square.super == Rect, Rect.super == Shape, Shape.super)
local total = 0
for _, s in ipairs(shapes) do total = total + s:area() end
print("total area", total)
print(getmetatable(shapes[2]) == Square, rawget(Square, "area"))
