local cfg
local function get()
  return cfg.value
end
get()
