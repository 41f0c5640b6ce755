-- binary heap priority queue
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0}, Heap) end
function Heap:push(p, v)
  self.n = self.n + 1
  local i = self.n
  self[i] = {p = p, v = v}
  while i > 1 do
    local parent = (i - i % 2) / 2
    if self[parent].p <= self[i].p then break end
    self[parent], self[i] = self[i], self[parent]
    i = parent
  end
end
function Heap:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and self[l].p < self[m].p then m = l end
    if r <= self.n and self[r].p < self[m].p then m = r end
    if m == i then break end
    self[m], self[i] = self[i], self[m]
    i = m
  end
  return top.p, top.v
end
local h = Heap.new()
local items = {{5, "five"}, {1, "one"}, {9, "nine"}, {3, "three"}, {7, "seven"}, {2, "two"}}
for _, it in ipairs(items) do h:push(it[1], it[2]) end
while h.n > 0 do print(h:pop()) end
print(h:pop())
-- dijkstra on a small graph
local graph = {
  a = {b = 7, c = 9, f = 14}, b = {a = 7, c = 10, d = 15}, c = {a = 9, b = 10, d = 11, f = 2},
  d = {b = 15, c = 11, e = 6}, e = {d = 6, f = 9}, f = {a = 14, c = 2, e = 9},
}
local dist, prev = {a = 0}, {}
local pq = Heap.new()
pq:push(0, "a")
while pq.n > 0 do
  local d, u = pq:pop()
  if d <= dist[u] then
    for v, w in pairs(graph[u]) do
      local nd = d + w
      if dist[v] == nil or nd < dist[v] then dist[v] = nd; prev[v] = u; pq:push(nd, v) end
    end
  end
end
for _, n in ipairs({"a", "b", "c", "d", "e", "f"}) do
  local path, cur = n, n
  while prev[cur] do cur = prev[cur]; path = cur .. ">" .. path end
  print(n, dist[n], path)
end
