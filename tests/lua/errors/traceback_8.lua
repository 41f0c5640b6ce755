local mt = {__index = function(t, k) error("meta " .. k) end} local t = setmetatable({}, mt) print(t.x)
