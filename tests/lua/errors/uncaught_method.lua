local obj = {}
obj:missing()
