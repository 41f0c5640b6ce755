local a, b = {}, {}
if a < b then print("less") end
