error(12)
