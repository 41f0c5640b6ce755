-- whitespace and semicolons
local a=1;local b=2; print(a+b);
local   c	=	3
print( c )
do end
local t = {1;2;3;}
print(#t, t[1], t[2], t[3])
print(1
+
2)
local function f() return 5; end
print(f());
	print("tab indented")
print((1)); print((2))
