//! Runtime: the NaN-boxed value, the GC heap and its objects, the bytecode definition and the
//! `.bc` format, and the standard library. Shared by the interpreter and the JIT.
pub mod bytecode;
pub mod gc;
pub mod number;
pub mod object;
pub mod rawtext;
pub mod state;
pub mod stdlib;
pub mod value;

pub use gc::{Gc, Heap};
pub use state::{LuaError, State};
pub use value::{Type, Value};
