//! The Lua 5.1 standard library, shared by both tiers. Each library has an `open` that
//! registers its functions; `open_all` opens every library the base library does not cover.
//!
//! Conventions for native functions (`NativeFn`): arguments are `state.cur.stack[base..base +
//! nargs]`; push results with `State::push` and return their count. Raise errors with
//! `State::arg_error`/`type_error` (named after the call site, as `luaL_argerror`) or
//! `State::rt_error` (`luaL_error`: prefixed with the caller's position). Use `State::index`,
//! `less_than`, `equals` and `call` where Lua 5.1 honours metamethods.

pub mod bit;
pub mod format;
pub mod io;
pub mod math;
pub mod os;
pub mod pattern;
pub mod string;
pub mod table;

/// Open every standard library module implemented here.
pub fn open_all(st: &mut crate::State) {
    string::open(st);
    table::open(st);
    math::open(st);
    os::open(st);
    io::open(st);
}
