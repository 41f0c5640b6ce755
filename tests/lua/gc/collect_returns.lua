-- return values of collectgarbage options
print(collectgarbage())
print(collectgarbage("collect"))
print(type(collectgarbage("step")))
print(collectgarbage("stop") == 0, collectgarbage("restart") == 0)
print(type(collectgarbage("setpause", 200)), type(collectgarbage("setstepmul", 200)))
print(pcall(collectgarbage, "bogus"))
