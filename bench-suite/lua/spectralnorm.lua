-- Spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), by power iteration.
-- Usage: spectralnorm.lua [n]
local n = tonumber(arg and arg[1]) or 700

local function a(i, j)
  local s = i + j
  return 1.0 / (s * (s + 1) * 0.5 + i + 1)
end

-- out = A * v   (indices are 0-based in the formula, 1-based in the arrays)
local function mul_a(v, out)
  for i = 0, n - 1 do
    local sum = 0
    for j = 0, n - 1 do
      sum = sum + a(i, j) * v[j + 1]
    end
    out[i + 1] = sum
  end
end

-- out = transpose(A) * v
local function mul_at(v, out)
  for i = 0, n - 1 do
    local sum = 0
    for j = 0, n - 1 do
      sum = sum + a(j, i) * v[j + 1]
    end
    out[i + 1] = sum
  end
end

local function mul_ata(v, out, tmp)
  mul_a(v, tmp)
  mul_at(tmp, out)
end

local u, v, tmp = {}, {}, {}
for i = 1, n do u[i] = 1.0; v[i] = 0.0; tmp[i] = 0.0 end
for _ = 1, 10 do
  mul_ata(u, v, tmp)
  mul_ata(v, u, tmp)
end
local vbv, vv = 0, 0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("spectralnorm %d %.9f", n, math.sqrt(vbv / vv)))
