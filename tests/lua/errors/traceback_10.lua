local t = {function() error("arr") end} t[1]()
