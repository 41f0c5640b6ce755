module("sub.inner", package.seeall)
function greet() return "greet " .. tostring(_NAME) .. " " .. _PACKAGE end
