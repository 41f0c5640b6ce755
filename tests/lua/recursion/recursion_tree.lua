-- recursive structures
local function make(d) if d == 0 then return {} end return {make(d - 1), make(d - 1)} end
local function count(t) local c = 1 for i = 1, #t do c = c + count(t[i]) end return c end
local function height(t) local h = 0 for i = 1, #t do local x = height(t[i]) if x > h then h = x end end return h + 1 end
local tree = make(10)
print(count(tree), height(tree))
