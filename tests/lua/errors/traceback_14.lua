local x = 1 .. {}
