//! The Lua 5.1 front end and the bytecode interpreter.
pub mod compiler;
