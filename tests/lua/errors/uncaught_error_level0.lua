error("no position info", 0)
