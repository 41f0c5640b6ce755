//! Debug hooks (`debug.sethook`): call, return, line and count events, as Lua 5.1 fires them.
//!
//! A thread's hook lives in `Thread::hook`. The interpreter loop is compiled twice
//! (`vm::run_loop::<HOOKS>`): the ordinary instance has no hook points (hooks cost
//! little when unused: one mask test after each native call); the hooked one runs when the
//! running thread has a hook, checks for line and count events before every instruction,
//! takes no fast call/return paths (whose frames would skip the call and return events) and
//! never enters compiled code (so a hook sees every instruction). `vm::run` picks the
//! instance; after every native call the loop checks whether the running thread's hook
//! state still matches it and, if not, saves the frame and returns so that `run` continues
//! in the other one. Compiled code that calls `debug.sethook` gets its frame handed back to
//! the interpreter (`tier::jit_call` returns DEOPT, `State::hook_handoff`).
//!
//! Events, as in Lua 5.1: "call" when a function (Lua or native, tail calls included) has
//! its frame; "return" before a frame is popped, then one "tail return" per tail call that
//! replaced frames by it (`CallInfo::tailcalls`); "line" before an instruction that starts a new line, that
//! is reached by a backward jump, or that is the first of its function; "count" every N
//! instructions. A hook runs with hooks disabled; errors in it propagate to the code that
//! triggered it.

use runtime::object::{Hook, Proto};
use runtime::state::{LuaError, State};
use runtime::{Gc, Value};

type R<T> = Result<T, LuaError>;

/// Call the running thread's hook with `event` (and the line, for line events).
pub(crate) fn fire(st: &mut State, event: &str, line: Option<u32>) -> R<()> {
    let th = st.cur;
    let h = th.hook;
    let Some(f) = h.func else {
        return Ok(());
    };
    if !h.allowed {
        return Ok(());
    }
    // SAFETY: exclusive access to the running thread; no other reference is live.
    unsafe { th.get_mut() }.hook.allowed = false;
    let ev = st.intern_str(event);
    let lv = line.map_or(Value::NIL, |l| Value::number(l as f64));
    let r = st.call(Value::function(f), &[ev, lv]);
    // SAFETY: as above (the hook has returned).
    unsafe { th.get_mut() }.hook.allowed = true;
    r.map(|_| ())
}

/// A frame was just pushed: the call event.
#[inline]
pub(crate) fn on_call(st: &mut State) -> R<()> {
    if st.cur.hook.mask & Hook::CALL != 0 {
        fire(st, "call", None)?;
    }
    Ok(())
}

/// The top frame is about to be popped: the return event, and "tail return" for a frame
/// that replaced its callers by tail calls.
#[inline]
pub(crate) fn on_return(st: &mut State) -> R<()> {
    if st.cur.hook.mask & Hook::RET != 0 {
        let tails = st.cur.frames.last().map_or(0, |c| {
            if c.flags & runtime::object::CallInfo::TAIL != 0 {
                c.tailcalls.max(1)
            } else {
                0
            }
        });
        fire(st, "return", None)?;
        for _ in 0..tails {
            fire(st, "tail return", None)?;
        }
    }
    Ok(())
}

/// Before instruction `pc` of `p` (the previous one this frame executed was `last`, or
/// `usize::MAX` for none): count and line events. The frame's saved pc must already point
/// past `pc`, so that `debug.getinfo` inside the hook reports its line.
pub(crate) fn on_instr(st: &mut State, p: Gc<Proto>, pc: usize, last: usize) -> R<()> {
    let th = st.cur;
    let h = th.hook;
    if h.mask & Hook::COUNT != 0 {
        // SAFETY: exclusive access to the running thread.
        let hk = &mut unsafe { th.get_mut() }.hook;
        hk.left -= 1;
        if hk.left <= 0 {
            hk.left = hk.count;
            fire(st, "count", None)?;
        }
    }
    if h.mask & Hook::LINE != 0 {
        let line = p.line_at(pc);
        if pc == 0 || last == usize::MAX || pc <= last || line != p.line_at(last) {
            fire(st, "line", Some(line))?;
        }
    }
    Ok(())
}

/// Whether the running thread's hook wants the hooked interpreter loop.
#[inline]
pub(crate) fn active(st: &State) -> bool {
    st.cur.hook.mask != 0
}

/// `debug.sethook([thread,] hook, mask [, count])` on `th` (`f` None: turn hooks off). As
/// in 5.1, a hook whose mask asks for nothing fires nothing, but `debug.gethook` still
/// returns it; the count is kept either way.
pub(crate) fn set(
    th: &mut runtime::object::Thread,
    f: Option<Gc<runtime::object::Function>>,
    mask: &[u8],
    count: i64,
) {
    // `luaL_optint`: the count as a C int (1e10 wraps as in 5.1); `count` keeps those bits.
    let count = count as i32;
    let mut m = 0;
    if f.is_some() {
        for &c in mask {
            m |= match c {
                b'c' => Hook::CALL,
                b'r' => Hook::RET,
                b'l' => Hook::LINE,
                _ => 0,
            };
        }
        if count > 0 {
            m |= Hook::COUNT;
        }
    }
    th.hook = Hook {
        func: f,
        mask: m,
        count,
        left: count,
        allowed: th.hook.allowed,
    };
}

/// The mask as `debug.gethook` shows it.
pub(crate) fn mask_string(h: &Hook) -> String {
    let mut s = String::new();
    if h.mask & Hook::CALL != 0 {
        s.push('c');
    }
    if h.mask & Hook::RET != 0 {
        s.push('r');
    }
    if h.mask & Hook::LINE != 0 {
        s.push('l');
    }
    s
}
