//! Heap object kinds.
mod function;
mod string;
mod table;
mod thread;
mod userdata;

pub use function::{
    Function, JitSlot, LocVar, LuaClosure, NameInfo, NameKind, NativeClosure, NativeFn, Proto,
    Upval, UpvalDesc, UpvalState, OFFPATH_FEEDBACK,
};
pub use string::{lua_hash, LuaStr, StrTable};
pub use table::{
    fb2int, int2fb, vec_words, KeyError, Table, TableLayout, TM_CALL, TM_EQ, TM_GC, TM_INDEX,
    TM_LEN, TM_MODE, TM_NEWINDEX,
};
pub use thread::{CallInfo, CoStatus, Hook, Thread};
pub use userdata::Userdata;
