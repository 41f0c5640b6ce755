-- Conway's game of life on a small torus
local W, H = 10, 8
local grid = {}
for y = 1, H do grid[y] = {} for x = 1, W do grid[y][x] = false end end
-- glider
grid[1][2] = true; grid[2][3] = true; grid[3][1] = true; grid[3][2] = true; grid[3][3] = true
-- blinker
grid[6][7] = true; grid[6][8] = true; grid[6][9] = true
local function step(g)
  local n = {}
  for y = 1, H do
    n[y] = {}
    for x = 1, W do
      local c = 0
      for dy = -1, 1 do
        for dx = -1, 1 do
          if dx ~= 0 or dy ~= 0 then
            local yy = (y + dy - 1) % H + 1
            local xx = (x + dx - 1) % W + 1
            if g[yy][xx] then c = c + 1 end
          end
        end
      end
      n[y][x] = c == 3 or (c == 2 and g[y][x])
    end
  end
  return n
end
local function show(g)
  for y = 1, H do
    local line = ""
    for x = 1, W do line = line .. (g[y][x] and "#" or ".") end
    print(line)
  end
end
for gen = 0, 4 do
  print("generation " .. gen)
  show(grid)
  grid = step(grid)
end
local alive = 0
for i = 1, 36 do grid = step(grid) end
for y = 1, H do for x = 1, W do if grid[y][x] then alive = alive + 1 end end end
print("alive after 41 generations", alive)
