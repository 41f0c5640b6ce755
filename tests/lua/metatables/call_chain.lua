-- __call returning callables, and __index producing methods
local obj = setmetatable({}, {__index = function(_, name) return function(self, ...) return name, select('#', ...) end end})
print(obj:anything(1, 2))
print(obj:other())
local f = setmetatable({}, {__call = function(self, x) return setmetatable({}, {__call = function(_, y) return x + y end}) end})
print(f(1)(2))
