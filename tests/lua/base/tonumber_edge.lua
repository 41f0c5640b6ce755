-- more tonumber edge cases
print(tonumber("0"), tonumber("-0"), tonumber("00012"), tonumber("1e+2"))
print(tonumber("0x1F"), tonumber(" 0x1f "), tonumber("0x1F", 16))
print(tonumber("0.1e1"), tonumber("1.e1"), tonumber(".e1"))
print(tonumber(".") , tonumber("-"), tonumber("-.5"))
print(tonumber("10", 16.5))
print(tonumber("z", 36) + 1)
