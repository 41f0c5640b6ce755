local up = function() error("up") end local function c() up() end c()
