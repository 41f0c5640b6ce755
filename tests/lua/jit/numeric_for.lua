-- Numeric for loops: float steps, negative steps, zero-trip loops,
-- huge bounds, loop variables captured by closures, and loop
-- parameters of changing types across calls of a hot function.

local function run(a, b, c)
  local n, s, last = 0, 0, nil
  for i = a, b, c do
    n = n + 1
    s = s + i
    last = i
    if n > 300 then break end
  end
  return n, s, last
end

local cases = {
  { 1, 10, 1 }, { 10, 1, -1 }, { 1, 0, 1 }, { 0, 1, -1 }, { 1, 1, 1 },
  { 0, 1, 0.1 }, { 1, 0, -0.25 }, { 0.5, 3.5, 0.5 }, { -3, 3, 2 },
  { 1, 2, 1e308 }, { -1e308, 1e308, 1e308 }, { 5, 5, -1 }, { 0, -0.0001, -0.00003 },
  { 1, 3, 0.7 }, { 2 ^ 53 - 3, 2 ^ 53, 1 }, { 1, 0 / 0, 1 }, { 0 / 0, 1, 1 },
  { "1", "3", "1" }, { " 0x10 ", 18, 1 }, { 1, 1 / 0, 1e300 },
}
for round = 1, 30 do
  for ci, c in ipairs(cases) do
    local n, s, last = run(c[1], c[2], c[3])
    if round == 30 then
      print(ci, n, string.format("%.17g", s), last and string.format("%.17g", last) or "nil")
    end
  end
end

-- a step of 0: the loop test uses "limit <= i" when the step is not positive,
-- so 1,2,0 runs zero times and 2,1,0 runs forever (bounded by the break)
print("zero step", run(1, 2, 0))
print("zero step", run(2, 1, 0))
print("zero step", run(1, 1, 0))

-- errors for non-numeric loop parameters
print(pcall(run, nil, 1, 1))
print(pcall(run, 1, "x", 1))
print(pcall(run, 1, 2, {}))

-- closures capture a fresh copy of the loop variable each iteration
local fns = {}
for i = 1, 1000 do
  fns[i] = function() return i end
end
local s = 0
for i = 1, 1000 do s = s + fns[i]() end
print("captured", s, fns[1](), fns[1000]())

-- modifying the loop variable does not affect the iteration
local seen = {}
for i = 1, 10 do
  seen[#seen + 1] = i
  i = i * 100
  seen[#seen + 1] = i
end
print(table.concat(seen, ","))

-- closures capturing the loop variable and a shared accumulator, float step
local adders, shared = {}, 0
for x = 0, 2, 0.25 do
  adders[#adders + 1] = function(d) shared = shared + x * d; return x end
end
for k = 1, 1000 do
  for j = 1, #adders do adders[j](k % 3) end
end
print("float captured", #adders, shared, adders[1](0), adders[#adders](0))

-- nested loops with negative inner step and counts computed from outer var
local tri = 0
for i = 1, 80 do
  for j = i, 1, -1 do
    tri = tri + j
  end
  for j = 1, i - 80 do tri = tri - 1000000 end -- never runs
end
print("tri", tri)

-- loop bounds are evaluated once
local lim = 5
local count = 0
for i = 1, lim do lim = lim + 1; count = count + 1 end
print("bounds once", count, lim)

-- accumulated float steps versus the loop's own counting
local c1 = 0
for x = 1, 0, -0.1 do c1 = c1 + 1 end
local c2 = 0
for x = 0, 1, 0.1 do c2 = c2 + 1 end
print("float counts", c1, c2)
