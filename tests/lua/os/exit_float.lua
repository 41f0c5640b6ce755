print("exiting")
os.exit(2.9)
