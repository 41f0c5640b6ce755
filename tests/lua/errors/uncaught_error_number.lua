print("numbers are converted to strings")
error(42)
