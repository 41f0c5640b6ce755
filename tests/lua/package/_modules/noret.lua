x_loaded = true
