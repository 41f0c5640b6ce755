-- method call syntax and self
local obj = {name = "obj", n = 0}
function obj:inc(by) self.n = self.n + (by or 1); return self end
function obj.plain(x) return x end
obj:inc():inc(5):inc()
print(obj.n)
print(obj.inc(obj, 10).n)
print(obj.plain("plain"))
local other = {n = 100, inc = obj.inc}
other:inc()
print(other.n, obj.n)
local s = {x = {y = {}}}
function s.x.y.deep(a) return "deep " .. a end
function s.x.y:m() return self == s.x.y end
print(s.x.y.deep("call"), s.x.y:m())
