error("top level")
