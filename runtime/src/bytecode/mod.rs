//! The bytecode: one opcode table (`op`), the `.bc` file format (`file`), the verifier
//! (`verify`) and the disassembler (`disasm`).
pub mod op;
pub use op::{Format, Instr, Op, Operand};
