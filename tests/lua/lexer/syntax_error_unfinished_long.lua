local s = [[ this long string
never ends
