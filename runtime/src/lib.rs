//! Runtime: values, GC heap, objects, bytecode, standard library.
