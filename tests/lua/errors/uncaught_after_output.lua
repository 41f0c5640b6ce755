for i = 1, 3 do print("line", i) end
local x = 1 + nil
