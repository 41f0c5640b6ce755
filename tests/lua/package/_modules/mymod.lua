local M = {}
function M.hello() return "hello from mymod" end
print("loading mymod", ...)
return M
