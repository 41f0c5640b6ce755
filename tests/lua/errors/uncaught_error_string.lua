print("before error")
error("something bad")
print("never")
