local f = function() error("anon") end; (f)()
