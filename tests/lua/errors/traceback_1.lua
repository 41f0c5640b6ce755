local function f() error("x") end f()
