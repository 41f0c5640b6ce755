-- queue and stack implementations
local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({n = 0, items = {}}, Stack) end
function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v end
function Stack:pop()
  if self.n == 0 then return nil, "empty" end
  local v = self.items[self.n]
  self.items[self.n] = nil
  self.n = self.n - 1
  return v
end

local Queue = {}
Queue.__index = Queue
function Queue.new() return setmetatable({first = 1, last = 0, items = {}}, Queue) end
function Queue:push(v) self.last = self.last + 1; self.items[self.last] = v end
function Queue:pop()
  if self.first > self.last then return nil, "empty" end
  local v = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return v
end
function Queue:size() return self.last - self.first + 1 end

local s = Stack.new()
for i = 1, 5 do s:push(i * 10) end
print(s:pop(), s:pop(), s.n)
s:push("x")
while true do local v = s:pop() if v == nil then break end print("stack", v) end
print(s:pop())

local q = Queue.new()
for i = 1, 5 do q:push(i) end
print(q:pop(), q:pop(), q:size())
for i = 6, 8 do q:push(i) end
while q:size() > 0 do print("queue", q:pop()) end
print(q:pop())

-- balanced bracket checker using the stack, over a token list
local function balanced(tokens)
  local st = Stack.new()
  local pairs_ = {[")"] = "(", ["]"] = "[", ["}"] = "{"}
  for _, t in ipairs(tokens) do
    if t == "(" or t == "[" or t == "{" then st:push(t)
    elseif pairs_[t] then
      if st:pop() ~= pairs_[t] then return false end
    end
  end
  return st.n == 0
end
print(balanced({"(", "[", "]", ")"}), balanced({"(", "]"}), balanced({"{", "{", "}"}), balanced({}))
