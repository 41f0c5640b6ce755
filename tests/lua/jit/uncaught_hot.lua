-- An uncaught runtime error raised deep inside hot code: the message,
-- the stack traceback (function names and current lines of every
-- frame) and the exit status must be the same in every execution tier.

local Account = {}
Account.__index = Account

function Account.new(balance)
  return setmetatable({ balance = balance }, Account)
end

function Account:deposit(v)
  self.balance = self.balance + v
  return self.balance
end

local function process(acc, amounts)
  local total = 0
  for i = 1, #amounts do
    total = total + acc:deposit(amounts[i])
  end
  return total
end

function run_batch(n, poison)
  local acc = Account.new(0)
  local amounts = {}
  for i = 1, n do amounts[i] = i end
  if poison then amounts[n] = { "not a number" } end
  local t = process(acc, amounts)
  return t
end

local sum = 0
for round = 1, 40 do
  sum = sum + run_batch(100, false)
end
print("before", sum)
io.stdout:flush()
run_batch(100, true)
print("not reached")
