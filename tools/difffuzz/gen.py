import random, sys
seed = int(sys.argv[1]); R = random.Random(seed)
out = []
depth = 0
vars_ = ["a", "b", "c"]
def num():
    return R.choice(["0", "1", "2", "3", "-1", "0.5", "10", "1e3", "7", "(0/1)"])
def expr(d=0):
    if d > 3: return R.choice(vars_ + [num()])
    k = R.randint(0, 13)
    if k == 0: return num()
    if k == 1: return R.choice(vars_)
    if k == 2: return "(%s %s %s)" % (expr(d+1), R.choice(["+", "-", "*", "/", "%", "^"]), expr(d+1))
    if k == 3: return "(%s %s %s)" % (expr(d+1), R.choice(["==", "~=", "<", "<=", ">", ">="]), expr(d+1))
    if k == 4: return "(%s %s %s)" % (expr(d+1), R.choice(["and", "or"]), expr(d+1))
    if k == 5: return "(not %s)" % expr(d+1)
    if k == 6: return "f%d(%s)" % (R.randint(0, 2), expr(d+1))
    if k == 7: return "t[%d]" % R.randint(1, 5)
    if k == 8: return "(-%s)" % expr(d+1)
    if k == 9: return "#t"
    if k == 10: return "tostring(%s)" % expr(d+1)
    if k == 11: return "sel(%s, %s)" % (R.randint(1,3), expr(d+1))
    if k == 12: return R.choice(['"s"', '"10"', '"ab"', '""', '"0x1F"', '" 3 "']) + " .. " + expr(d+1)
    return R.choice(vars_)
def stmt(d=0):
    k = R.randint(0, 15)
    v = R.choice(vars_)
    if k == 0 or d > 2: return "%s = %s" % (v, expr())
    if k == 1: return "t[%d] = %s" % (R.randint(1, 6), expr())
    if k == 2: return "for i = %d, %d do %s end" % (R.randint(-2, 2), R.randint(0, 5), block(d+1))
    if k == 3: return "if %s then %s else %s end" % (expr(), block(d+1), block(d+1))
    if k == 4: return "do local %s = %s; %s end" % (v, expr(), block(d+1))
    if k == 5: return "print(pcall(function() %s; return %s end))" % (block(d+1), expr())
    if k == 6: return "print(%s, %s)" % (expr(), expr())
    if k == 7: return "local n = 0 while n < %d do n = n + 1; %s end" % (R.randint(0, 4), block(d+1))
    if k == 8: return "fs[#fs+1] = function() return %s end" % expr()
    if k == 10: return "t = {%s, %s, f2(%s)}" % (expr(), expr(), expr())
    if k == 11: return "for k, v in ipairs(t) do %s = v end" % v
    if k == 12: return "n0 = 0 repeat n0 = n0 + 1 local q = %s; %s until q ~= nil or n0 > 2" % (expr(), block(d+1))
    if k == 13: return "obj:set(%s); %s = obj:get()" % (expr(), v)
    if k == 14: return "print(pcall(error, %s))" % expr()
    return "%s, %s = %s, %s" % (R.choice(vars_), R.choice(vars_), expr(), expr())
def block(d):
    return "; ".join(stmt(d) for _ in range(R.randint(1, 3)))
print("local a, b, c = 1, 2, 3")
print("local t = {1, 2, 3}")
print("local fs = {}")
print("local n0 = 0")
print("local obj = setmetatable({}, {__index = {set = function(self, v) self.v = v end, get = function(self) return self.v end}})")
print("local function f0(x) return x end")
print("local function f1(x) if type(x) == 'number' then return x * 2 end return x end")
print("local function f2(...) return select('#', ...), ... end")
print("local function sel(n, ...) return (select(n, ..., 1, 2, 3)) end")
for _ in range(25):
    print(stmt())
print("for i = 1, #fs do print(pcall(fs[i])) end")
print("print(a, b, c, #t)")
