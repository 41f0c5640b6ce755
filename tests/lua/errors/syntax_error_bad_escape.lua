print("bad escape \400")
