-- collectgarbage with default argument equals "collect"
print(collectgarbage())
print(collectgarbage("collect"))
print(type(collectgarbage("count")))
