-- lua5.1's standalone interpreter does not use __tostring for error objects
error(setmetatable({}, {__tostring = function() return "custom" end}))
