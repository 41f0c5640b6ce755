-- N queens: count every placement of n non-attacking queens by backtracking over columns,
-- with occupancy arrays for rows and both diagonals.
-- Usage: queens.lua [n]
local n = tonumber(arg and arg[1]) or 12

local function solve(size)
  local rows, up, down = {}, {}, {}
  for i = 1, size do rows[i] = false end
  for i = 1, 2 * size do up[i] = false; down[i] = false end
  local solutions = 0
  local function place(col)
    if col > size then
      solutions = solutions + 1
      return
    end
    for row = 1, size do
      local u, d = row + col, row - col + size
      if not rows[row] and not up[u] and not down[d] then
        rows[row], up[u], down[d] = true, true, true
        place(col + 1)
        rows[row], up[u], down[d] = false, false, false
      end
    end
  end
  place(1)
  return solutions
end

local total = 0
for size = 4, n do
  total = total + solve(size)
end
print("queens", n, solve(n), total)
