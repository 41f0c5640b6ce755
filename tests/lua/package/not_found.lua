package.path = "./_modules/?.lua;./_modules/?/init.lua"
package.cpath = "./_modules/?.so"
print(pcall(require, "nope.deeper"))
print(pcall(require, "nope"))
package.loaded.fake = false
print(pcall(require, "fake") )
require("nope")
