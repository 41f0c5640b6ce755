-- doubly linked list with iteration and __len-free size tracking
local List = {}
List.__index = List
function List.new() local l = setmetatable({size = 0}, List) l.head = {}; l.tail = {}; l.head.next = l.tail; l.tail.prev = l.head; return l end
function List:push_back(v) local n = {v = v, prev = self.tail.prev, next = self.tail}; n.prev.next = n; self.tail.prev = n; self.size = self.size + 1; return n end
function List:push_front(v) local n = {v = v, prev = self.head, next = self.head.next}; n.next.prev = n; self.head.next = n; self.size = self.size + 1; return n end
function List:remove(n) n.prev.next = n.next; n.next.prev = n.prev; self.size = self.size - 1 end
function List:iter()
  local cur = self.head
  return function() cur = cur.next; if cur ~= self.tail then return cur.v end end
end
function List:reverse_iter()
  local cur = self.tail
  return function() cur = cur.prev; if cur ~= self.head then return cur.v end end
end
local l = List.new()
for i = 1, 5 do l:push_back(i) end
local mid = l:push_front(0)
l:push_front(-1)
l:remove(mid)
local s = ""
for v in l:iter() do s = s .. v .. " " end
print(s, l.size)
s = ""
for v in l:reverse_iter() do s = s .. v .. " " end
print(s)
