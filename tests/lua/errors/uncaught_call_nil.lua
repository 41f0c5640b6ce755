print("calling")
not_a_function()
