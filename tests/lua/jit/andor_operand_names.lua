-- Pending: when the bad operand of an arithmetic/concat/index/call/length
-- operation is the result of `x and y or z`, lua5.1 names the variable that
-- the last instruction before the failing one loaded into that register (even
-- when the value actually came from another branch); vm gives no name.
-- Found by tests/jit_fuzz.rs in JIT_FUZZ_REFERENCE=lua5.1 mode.
local function f1(a, b) return (a and b or b) + 1 end
print(pcall(f1, 1, nil))
local function f2(a, b, c) return -(a and b or c) end
print(pcall(f2, false, 1, {}))
local function f3(a, b) return (a and b or b).x end
print(pcall(f3, 1, nil))
local function f4(a, b) return (a and b or b) .. "s" end
print(pcall(f4, 1, nil))
local function f5(a, b) return (a and b or b)() end
print(pcall(f5, 1, nil))
local function f6(a, b) return #(a and b or b) end
print(pcall(f6, 1, nil))
local function f7(a) return (a and G or H) + 1 end
G, H = {}, {}
print(pcall(f7, 1))
local up = 0
local function f8(a, b) return (a and b or up) + 1 end
print(pcall(f8, 1, "x"))   -- lua5.1 blames upvalue 'up' although b is the string
