local function tc() error("tail") end local function w() return tc() end w()
