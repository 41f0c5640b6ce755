//! Coroutines (Lua "threads"): one value stack and one call-frame stack each.
//!
//! Invariant: every slot in `stack[..top]` holds a valid value; slots at and above `top` may
//! hold stale words and are never read before being written. The interpreter publishes its
//! stack pointer into `top` before every safepoint.

use crate::gc::{Gc, Marker, Trace};
use crate::object::{Function, Table, Upval};
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoStatus {
    /// Created or yielded: may be resumed.
    Suspended,
    Running,
    /// Resumed another coroutine and waits for it.
    Normal,
    Dead,
}

/// One activation record.
#[derive(Clone, Copy, Debug)]
pub struct CallInfo {
    /// Stack index of the called function value.
    pub func: usize,
    /// Stack index of slot 0 (first parameter).
    pub base: usize,
    /// Saved pc (index of the next instruction) while this frame is not running.
    pub pc: usize,
    /// Saved top of the operand stack while this frame is not running.
    pub top: usize,
    /// Results the caller wants (-1: all).
    pub nresults: i32,
    /// Number of extra arguments held below `base` for `...`.
    pub nvarargs: u32,
    pub flags: u16,
    /// Tail calls that replaced frames by this one (each is a `(tail call)` level and a
    /// "tail return" hook event, as 5.1's `CallInfo::tailcalls`); 0 without `TAIL`.
    pub tailcalls: u32,
    /// The closure running in this frame.
    pub closure: Gc<Function>,
}

impl CallInfo {
    /// The frame was entered through a tail call (the caller's frame is gone).
    pub const TAIL: u16 = 1;
    /// The frame is a protected call (`pcall`): errors stop here.
    pub const PCALL: u16 = 2;
    /// Returning from this frame returns from the interpreter loop that entered it.
    pub const ENTRY: u16 = 4;
    /// The frame is a native function.
    pub const NATIVE: u16 = 8;
    /// `xpcall`: the handler is in the slot below the function.
    pub const XPCALL: u16 = 16;
    /// The frame is in a line or count hook: its saved pc is one past the instruction about
    /// to run (for the hook's `debug.getinfo`), and the collector takes the locals live at
    /// that instruction.
    pub const HOOKED: u16 = 32;
}

pub struct Thread {
    pub stack: Vec<Value>,
    pub top: usize,
    pub frames: Vec<CallInfo>,
    /// Open upvalues, sorted by stack index (ascending).
    pub open_upvals: Vec<Gc<Upval>>,
    pub status: CoStatus,
    /// The coroutine's body (for a fresh coroutine).
    pub body: Option<Gc<Function>>,
    /// `State::c_depth` when this coroutine was last resumed: a yield is only possible when no
    /// Rust-level call (metamethod, native calling Lua) lies between it and the resume.
    pub base_depth: u32,
    /// The thread's global table (`getfenv(0)`) while it is not running; the running thread's
    /// is `State::globals`, switched on resume and on return to the resumer. A coroutine
    /// starts with its creator's (Lua 5.1 keeps one per thread).
    pub env: Option<Gc<Table>>,
    /// `debug.sethook` state (Lua 5.1 keeps one hook per thread; a new coroutine has none).
    pub hook: Hook,
}

/// A thread's debug hook: the function, the events it wants (`Hook::CALL`, ...) and the
/// instruction count of a count hook.
#[derive(Clone, Copy, Debug)]
pub struct Hook {
    pub func: Option<Gc<Function>>,
    pub mask: u8,
    /// Instructions between two count events (a count hook only when positive); a C int,
    /// as `debug.sethook` takes it and `debug.gethook` returns it.
    pub count: i32,
    /// Instructions left until the next count event.
    pub left: i32,
    /// False while a hook runs (hooks do not fire inside hooks).
    pub allowed: bool,
}

impl Hook {
    pub const CALL: u8 = 1;
    pub const RET: u8 = 2;
    pub const LINE: u8 = 4;
    pub const COUNT: u8 = 8;
    pub const NONE: Hook = Hook {
        func: None,
        mask: 0,
        count: 0,
        left: 0,
        allowed: true,
    };
}

impl Thread {
    pub fn new(stack_size: usize) -> Thread {
        Thread {
            stack: vec![Value::NIL; stack_size],
            top: 0,
            frames: Vec::new(),
            open_upvals: Vec::new(),
            status: CoStatus::Suspended,
            body: None,
            base_depth: 0,
            env: None,
            hook: Hook::NONE,
        }
    }

    /// Make sure `stack[..n]` exists; when the stack moves, open upvalues follow their slots.
    /// (Measured: marking this `#[inline]` with a cold growth function, or
    /// `#[inline(never)]`, both changed the interpreter loop's register allocation, +5 % on
    /// mandelbrot.)
    pub fn ensure(&mut self, n: usize) {
        if n > self.stack.len() {
            let new = n.max(self.stack.len() * 2);
            self.stack.resize(new, Value::NIL);
            let base = self.stack.as_mut_ptr();
            for &u in &self.open_upvals {
                // SAFETY: nothing borrows the upvalue while its thread's stack grows.
                unsafe { Upval::repoint(u, base) };
            }
        }
    }

    /// Push all of `vs` (one room check).
    pub fn push_all(&mut self, vs: &[Value]) {
        let top = self.top;
        self.ensure(top + vs.len());
        self.stack[top..top + vs.len()].copy_from_slice(vs);
        self.top = top + vs.len();
    }

    #[inline]
    pub fn push(&mut self, v: Value) {
        if self.top >= self.stack.len() {
            self.ensure(self.top + 1);
        }
        self.stack[self.top] = v;
        self.top += 1;
    }
}

impl Trace for Thread {
    fn trace(&self, m: &mut Marker) {
        m.mark_values(&self.stack[..self.top.min(self.stack.len())]);
        for f in &self.frames {
            m.mark(f.closure);
        }
        for &u in &self.open_upvals {
            m.mark(u);
        }
        if let Some(b) = self.body {
            m.mark(b);
        }
        if let Some(e) = self.env {
            m.mark(e);
        }
        if let Some(h) = self.hook.func {
            m.mark(h);
        }
    }
    fn extra_bytes(&self) -> usize {
        self.stack.len() * 8 + self.frames.len() * std::mem::size_of::<CallInfo>()
    }
}
