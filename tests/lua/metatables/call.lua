-- __call
local callable = setmetatable({name = "obj"}, {__call = function(self, a, b) return self.name, a, b end})
print(callable(1, 2))
print(callable())
local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1; return self.n end})
counter(); counter()
print(counter())
print(pcall(callable, "x"))
local function multi() return 1, 2, 3 end
local m = setmetatable({}, {__call = function(_, ...) return select('#', ...), ... end})
print(m(multi()))
print(pcall(setmetatable({}, {}), 1))
