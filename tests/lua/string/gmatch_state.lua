-- each gmatch call has its own position; iterators can be interleaved and called after the end
local it1 = ("a b c d"):gmatch("%a")
local it2 = ("1 2 3"):gmatch("%d")
print(it1(), it2(), it1(), it2(), it1(), it2(), it2(), it1(), it1(), it1(), it2())
local it = ("xy"):gmatch(".")
print(it(), it(), it(), it(), it())
-- arguments passed to the iterator are ignored
it = ("abc"):gmatch(".")
print(it("zzz", 100), it(nil), it({}))
-- the iterator keeps its string alive across collections
local function make()
  local s = ("w%d "):rep(3):format(1, 2, 3)
  return s:gmatch("w(%d)")
end
local f = make()
collectgarbage()
collectgarbage()
print(f(), f(), f(), f())
-- nested iteration
local out = ""
for line in ("a=1;b=2|c=3"):gmatch("[^|]+") do
  for k, v in line:gmatch("(%a)=(%d)") do out = out .. k .. v .. " " end
  out = out .. "/ "
end
print(out)
-- breaking out and restarting
local n = 0
for w in ("x x x x x"):gmatch("x") do n = n + 1 if n == 3 then break end end
print(n)
-- errors inside the iterator are raised when it runs
local bad = ("abc"):gmatch("(")
print(pcall(bad))
local bad2 = ("abc"):gmatch("b[")
print(pcall(bad2))
local fine = ("abc"):gmatch("x[")
print(pcall(fine))
