-- only the core language: functions stored in tables, called various ways
local lib = {}
function lib.upper_first(s) return "[" .. s .. "]" end
lib["fn with space"] = function() return "spaced" end
print(lib.upper_first("x"), lib["fn with space"]())
local name = "upper_first"
print(lib[name]("dyn"))
local fns = {function() return 1 end, function() return 2 end}
print(fns[1]() + fns[2]())
print((function(...) return select('#', ...) end)(nil, nil, nil))
