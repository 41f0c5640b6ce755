local t = {} function t.m() error("in field") end t.m()
