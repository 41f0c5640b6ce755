//! Source to bytecode: lexer, parser (to `ast`), and code generation.
pub mod ast;
pub mod codegen;
pub mod lexer;
pub mod parser;
