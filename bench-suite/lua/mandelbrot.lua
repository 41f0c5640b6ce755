-- Mandelbrot set on an n x n grid over [-1.5, 0.5] x [-1, 1], 50 iterations, escape radius 2.
-- Pixels are packed 8 to a byte (first pixel in the high bit) as in a PBM image; prints the
-- number of points in the set and the sum of the image bytes instead of the image.
-- Usage: mandelbrot.lua [n]
local n = tonumber(arg and arg[1]) or 1200

local inside, bytesum = 0, 0
local iters = 50
for y = 0, n - 1 do
  local ci = 2.0 * y / n - 1.0
  local byte, bits = 0, 0
  for x = 0, n - 1 do
    local cr = 2.0 * x / n - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local escaped = false
    for _ = 1, iters do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2 = zr * zr
      zi2 = zi * zi
      if zr2 + zi2 > 4.0 then
        escaped = true
        break
      end
    end
    byte = byte * 2
    if not escaped then
      byte = byte + 1
      inside = inside + 1
    end
    bits = bits + 1
    if bits == 8 then
      bytesum = bytesum + byte
      byte, bits = 0, 0
    end
  end
  if bits > 0 then
    -- pad the last byte of the row with zero bits
    while bits < 8 do
      byte = byte * 2
      bits = bits + 1
    end
    bytesum = bytesum + byte
  end
end
print("mandelbrot", n, inside, bytesum)
