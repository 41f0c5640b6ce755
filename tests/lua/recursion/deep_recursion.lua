-- non-tail recursion to depth 10000
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(10000))
local function build(n) if n == 0 then return nil end return {next = build(n - 1), v = n} end
local l = build(5000)
local c = 0
while l do c = c + 1; l = l.next end
print(c)
