local o = {} function o:meth() error("in method") end o:meth()
