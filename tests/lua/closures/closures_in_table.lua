-- object-like closures in tables
local function Account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v end
  function self.withdraw(v)
    if v > balance then return false, "insufficient" end
    balance = balance - v
    return true
  end
  function self.balance() return balance end
  return self
end
local acc = Account(100)
acc.deposit(50)
print(acc.balance())
print(acc.withdraw(500))
print(acc.withdraw(30))
print(acc.balance())
local b = Account(0)
print(b.balance(), acc.balance())
