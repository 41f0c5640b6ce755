local function a() error("deep", 2) end local function b() a() end b()
