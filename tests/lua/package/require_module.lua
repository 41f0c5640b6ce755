print(bit, require("bit") == bit, bit.band(0xff, 0x0f), bit.tohex(-1))
package.path = "./_modules/?.lua"
package.cpath = "./_modules/?.so"
local m = require("mymod")
print(m.hello(), require("mymod") == m, package.loaded.mymod == m)
require "sub.inner"
print(sub.inner.greet(), package.loaded["sub.inner"] == sub.inner)
print(require("noret"), x_loaded)
print(pcall(require, "socket"))
print(jit, bit32, _VERSION)
print(require("bit") == bit)
print(type(package.loaders), #package.loaders, type(package.preload), package.config == "/\n;\n?\n!\n-")
package.preload.virtual = function(name) return {name = name} end
print(require("virtual").name)
print(package.loaded.string == string, package.loaded._G == _G)
print(pcall(module, "bad.name.x"))
