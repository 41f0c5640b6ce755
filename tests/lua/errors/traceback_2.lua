function g() local t = nil; return t.x end g()
