-- global function definitions
function gf(x) return x + 1 end
print(gf(1))
function gf(x) return x + 2 end
print(gf(1))
gt = {}
function gt.f() return "field fn" end
function gt:m() return self == gt end
print(gt.f(), gt:m())
local function localf() return "local" end
print(localf())
print(type(gf), type(gt))
undefinedvar = nil
print(undefinedvar)
