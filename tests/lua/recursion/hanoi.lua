-- towers of hanoi
local moves = 0
local function hanoi(n, from, to, via)
  if n == 0 then return end
  hanoi(n - 1, from, via, to)
  moves = moves + 1
  if n >= 4 then print("move disk", n, from, "->", to) end
  hanoi(n - 1, via, to, from)
end
hanoi(6, "A", "C", "B")
print("moves", moves)
