-- Towers of Hanoi with explicit peg stacks (tables with a length field); every move checks
-- that no disc lands on a smaller one.
-- Usage: towers.lua [discs]
local discs = tonumber(arg and arg[1]) or 23

local function new_peg() return { n = 0 } end

local function push(peg, disc)
  local n = peg.n
  if n > 0 and peg[n] < disc then
    error("disc " .. disc .. " placed on a smaller one")
  end
  n = n + 1
  peg[n] = disc
  peg.n = n
end

local function pop(peg)
  local n = peg.n
  if n == 0 then error("pop from an empty peg") end
  local disc = peg[n]
  peg[n] = nil
  peg.n = n - 1
  return disc
end

local moves = 0
local function move(count, from, to, via)
  if count == 1 then
    push(to, pop(from))
    moves = moves + 1
  else
    move(count - 1, from, via, to)
    move(1, from, to, via)
    move(count - 1, via, to, from)
  end
end

local a, b, c = new_peg(), new_peg(), new_peg()
for d = discs, 1, -1 do push(a, d) end
move(discs, a, c, b)
-- the target peg holds discs .. 1 from the bottom up
local ok = c.n == discs and a.n == 0 and b.n == 0
for i = 1, c.n do
  if c[i] ~= discs - i + 1 then ok = false end
end
print("towers", discs, moves, ok)
