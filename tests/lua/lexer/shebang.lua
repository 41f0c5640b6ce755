#!/usr/bin/env lua5.1
-- the first line starting with # is skipped
print("shebang skipped")
print(1 + 1)
