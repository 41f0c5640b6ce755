print("before")
error()
