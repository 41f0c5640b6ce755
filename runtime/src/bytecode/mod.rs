//! The bytecode: one opcode table (`op`), the `.bc` file format (`file`), the verifier
//! (`verify`) and the disassembler (`disasm`). The format, the frame layout and every opcode are
//! described in `docs/bytecode.md`.
pub mod disasm;
pub mod file;
pub mod op;
pub mod verify;

#[cfg(test)]
pub(crate) mod testutil;
pub use disasm::disassemble;
pub use file::{dump, load, LoadError};
pub use op::{Effect, Format, Instr, Op, Operand};
pub use verify::{verify, verify_function, VerifyError};
