//! The `string` library. Strings share one metatable whose `__index` is this table, so
//! `("x"):rep(3)` works.

use crate::state::{State, Tm};
use crate::Value;

pub fn open(st: &mut State) {
    let lib = st.register_lib("string", &[]);
    let smeta = st.new_table(0, 1);
    let idx = Value::string(st.tm[Tm::Index as usize]);
    let _ = st.raw_set(smeta, idx, Value::table(lib));
    st.string_meta = Some(smeta);
}
