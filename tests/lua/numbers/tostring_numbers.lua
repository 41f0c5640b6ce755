-- tostring of numbers and concatenation
print(tostring(1), tostring(1.0), tostring(-1), tostring(0.5))
print(tostring(1e15), tostring(1e16), tostring(2^53))
print(tostring(1/0), tostring(-1/0))
print(tostring(10 / 2), tostring(3 / 2))
print(tostring(1e100) .. "|", 1e-100 .. "|")
print(#tostring(1/3), #tostring(2^63))
print(type(tostring(5)))
