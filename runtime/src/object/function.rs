//! Prototypes, closures and upvalues.

use crate::gc::{Gc, Marker, Trace};
use crate::object::{Table, Thread};
use crate::state::{LuaError, State};
use crate::value::Value;

/// How a closure finds an upvalue when it is created (by CLOSURE in the enclosing function).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpvalDesc {
    /// True: capture the enclosing function's local slot `index`; false: share the enclosing
    /// function's upvalue `index`.
    pub in_stack: bool,
    pub index: u16,
    pub name: String,
}

/// A local variable's name and the pc range where it is active (debug information).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocVar {
    pub name: String,
    pub slot: u16,
    pub start_pc: u32,
    pub end_pc: u32,
}

/// What a runtime error calls an operand (`global 'x'`, `local 'x'`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum NameKind {
    Global = 0,
    Local = 1,
    Field = 2,
    Upvalue = 3,
    Method = 4,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Global => "global",
            NameKind::Local => "local",
            NameKind::Field => "field",
            NameKind::Upvalue => "upvalue",
            NameKind::Method => "method",
        }
    }
    pub fn from_u8(b: u8) -> Option<NameKind> {
        Some(match b {
            0 => NameKind::Global,
            1 => NameKind::Local,
            2 => NameKind::Field,
            3 => NameKind::Upvalue,
            4 => NameKind::Method,
            _ => return None,
        })
    }
}

/// Names one operand of one instruction: operand `which` (0 = first/deepest operand the
/// instruction consumes) of the instruction at `pc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameInfo {
    pub pc: u32,
    pub which: u8,
    pub kind: NameKind,
    pub name: String,
}

/// A compiled function body.
pub struct Proto {
    pub code: Vec<u32>,
    pub consts: Vec<Value>,
    pub protos: Vec<Gc<Proto>>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    pub upvals: Vec<UpvalDesc>,
    pub num_params: u8,
    pub is_vararg: bool,
    /// Lua 5.1 compatibility (`LUA_COMPAT_VARARG`): a vararg function whose body never uses
    /// `...` gets its varargs as a table `{n = count, ...}` in the local `arg` (slot
    /// `num_params`).
    pub needs_arg: bool,
    /// Number of fixed slots (parameters and locals); the operand stack starts above them.
    pub num_slots: u16,
    /// Maximum total stack use (fixed slots plus operand stack depth).
    pub max_stack: u32,
    /// The chunk name as runtime errors show it (`luaO_chunkid` form: `prog.lua`,
    /// `[string "..."]`).
    pub source: std::rc::Rc<str>,
    /// The chunk name as given to `load` (Lua's `source`: `@prog.lua`, `=stdin`, the chunk
    /// text, or any name a program passed), for `debug.getinfo`; `None` for prototypes read
    /// from `.bc` files, which keep only `source`.
    pub chunkname: Option<std::rc::Rc<str>>,
    pub line_defined: u32,
    pub last_line: u32,
    pub locvars: Vec<LocVar>,
    /// Sorted by (pc, which).
    pub names: Vec<NameInfo>,
    /// The interpreter's hotness counter (calls plus loop back-edges since the last reset).
    pub hot: std::cell::Cell<u32>,
    /// What the JIT tier keeps for this prototype.
    pub jit: JitSlot,
}

/// The JIT tier's per-prototype state. The interpreter only reads `entry` (one load on every
/// frame entry and loop back-edge); everything else belongs to the tier, which keeps its
/// metadata in `data` so that it dies with the prototype.
#[derive(Default)]
pub struct JitSlot {
    /// Address of the compiled code's entry function (called through `interp::tier::Trampoline`); 0 when the
    /// prototype has no compiled code.
    pub entry: std::cell::Cell<usize>,
    /// The tier gave up on this prototype (never try again). Whether it has code is
    /// `entry != 0`.
    pub failed: std::cell::Cell<bool>,
    /// The tier's own data (compiled-code handle, deopt counters, statistics).
    pub data: std::cell::RefCell<Option<Box<dyn std::any::Any>>>,
    /// Prototypes the compiled code depends on by address (callees it inlined behind a
    /// prototype check): kept alive, and so never reused, as long as this prototype lives.
    pub keep: std::cell::RefCell<Vec<Gc<Proto>>>,
    /// Type feedback from the interpreter: a bit per pc of the table accesses it saw leave
    /// the paths compiled code inlines (a key inserted, a metamethod or a non-table
    /// involved). Compiled code speculates on the others only (`jit::codegen::get_spec`).
    /// Written on those slow paths only; empty until the first.
    pub offpath: std::cell::RefCell<Vec<u64>>,
}

/// Whether the interpreter records `JitSlot::offpath` feedback: set once a JIT tier is
/// installed in any state of the process (plain interpretation skips the bookkeeping).
pub static OFFPATH_FEEDBACK: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl JitSlot {
    /// `mark_offpath` when a tier wants the feedback (one load otherwise).
    #[inline(always)]
    pub fn note_offpath(&self, pc: usize) {
        if OFFPATH_FEEDBACK.load(std::sync::atomic::Ordering::Relaxed) {
            self.mark_offpath(pc);
        }
    }

    /// Record that the table access at `pc` left the inline paths.
    #[cold]
    #[inline(never)]
    pub fn mark_offpath(&self, pc: usize) {
        let mut v = self.offpath.borrow_mut();
        let w = pc / 64;
        if v.len() <= w {
            v.resize(w + 1, 0);
        }
        v[w] |= 1 << (pc % 64);
    }

    /// Whether `mark_offpath(pc)` happened.
    pub fn offpath(&self, pc: usize) -> bool {
        self.offpath
            .borrow()
            .get(pc / 64)
            .is_some_and(|w| w & (1 << (pc % 64)) != 0)
    }
}

impl Proto {
    /// The name information of an operand, if the compiler recorded one.
    pub fn operand_name(&self, pc: usize, which: u8) -> Option<&NameInfo> {
        let i = self
            .names
            .partition_point(|n| (n.pc as usize, n.which) < (pc, which));
        self.names
            .get(i)
            .filter(|n| n.pc as usize == pc && n.which == which)
    }

    /// The name of the local variable in `slot` at `pc`.
    pub fn local_name(&self, slot: usize, pc: usize) -> Option<&str> {
        self.locvars
            .iter()
            .rev()
            .find(|l| {
                l.slot as usize == slot && (l.start_pc as usize) <= pc && pc < l.end_pc as usize
            })
            .map(|l| l.name.as_str())
    }

    pub fn line_at(&self, pc: usize) -> u32 {
        self.lines.get(pc).copied().unwrap_or(0)
    }
}

impl Trace for Proto {
    fn trace(&self, m: &mut Marker) {
        m.mark_values(&self.consts);
        for &p in &self.protos {
            m.mark(p);
        }
        for &p in self.jit.keep.borrow().iter() {
            m.mark(p);
        }
    }
    fn extra_bytes(&self) -> usize {
        self.code.len() * 4 + self.consts.len() * 8 + self.lines.len() * 4
    }
}

/// Where an upvalue's variable lives. `repr(C, u64)` so that compiled code can read it: the
/// tag (0 open, 1 closed) is the first word, the fields follow (`interp::tier::Layout`).
#[repr(C, u64)]
pub enum UpvalState {
    /// Still in a live frame: slot `index` of `thread`'s value stack.
    Open { thread: Gc<Thread>, index: usize },
    /// The frame is gone; the upvalue owns the value.
    Closed(Value),
}

/// A captured variable. `v` is where the variable is: the stack slot while open, the
/// `Closed` payload of `state` after. Reads and writes go through `v` without looking at
/// `state` (one load instead of a tag test, a thread and a bounds-checked index), which holds
/// as long as three things keep it current, all in this crate or `interp::vm`:
/// - `Upval::open` points it at the slot when the upvalue is created;
/// - `Thread::ensure` re-points every open upvalue of the thread when its stack moves (the
///   only place a thread's stack is reallocated);
/// - `Upval::close` copies the value into `state` and points `v` at it. The upvalue is a heap
///   object that never moves, so the pointer into itself stays valid.
///
/// The GC keeps the thread of an open upvalue alive (`trace`), so its stack outlives `v`.
#[repr(C)]
pub struct Upval {
    v: *mut Value,
    state: UpvalState,
}

impl Upval {
    /// Byte offsets of `v` and of `state` in the struct (for compiled code; `state` is
    /// `repr(C, u64)`: the tag word, then the fields).
    pub const V_OFFSET: usize = std::mem::offset_of!(Upval, v);
    pub const STATE_OFFSET: usize = std::mem::offset_of!(Upval, state);

    /// An open upvalue for slot `index` of `thread`'s stack, which must exist.
    ///
    /// # Safety
    /// No reference into the thread's stack may be live.
    pub unsafe fn open(thread: Gc<Thread>, index: usize) -> Upval {
        // SAFETY: no reference into the stack is live (the caller's obligation);
        // `as_mut_ptr` makes none either.
        let stack = unsafe { thread.get_mut() }.stack.as_mut_ptr();
        assert!(index < thread.stack.len());
        // SAFETY: `index` is in bounds (checked above).
        let v = unsafe { stack.add(index) };
        Upval {
            v,
            state: UpvalState::Open { thread, index },
        }
    }

    /// Allocate a closed upvalue holding `v`.
    pub fn alloc_closed(heap: &mut crate::gc::Heap, v: Value) -> Gc<Upval> {
        let u = heap.alloc(Upval {
            v: std::ptr::null_mut(),
            state: UpvalState::Closed(v),
        });
        // SAFETY: the upvalue was just allocated; nothing else refers to it.
        let m = unsafe { u.get_mut() };
        if let UpvalState::Closed(ref mut c) = m.state {
            m.v = c;
        }
        u
    }

    #[inline]
    pub fn get(&self) -> Value {
        // SAFETY: `v` is current (see the type's invariant): a live stack slot or our own
        // closed payload.
        unsafe { *self.v }
    }

    /// # Safety
    /// No other reference to this upvalue's variable (the upvalue, or when open its thread's
    /// stack slot) may be live.
    #[inline]
    pub unsafe fn set(this: Gc<Upval>, v: Value) {
        // SAFETY: `v` is current (the type's invariant); exclusivity is the caller's
        // obligation.
        unsafe { *this.v = v }
    }

    /// The stack index of an open upvalue (`usize::MAX` once closed).
    #[inline]
    pub fn open_index(&self) -> usize {
        match self.state {
            UpvalState::Open { index, .. } => index,
            UpvalState::Closed(_) => usize::MAX,
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self.state, UpvalState::Open { .. })
    }

    /// Close: the upvalue takes the variable's current value and owns it from now on.
    ///
    /// # Safety
    /// No other reference to this upvalue may be live.
    pub unsafe fn close(this: Gc<Upval>) {
        // SAFETY: exclusivity is the caller's obligation.
        let u = unsafe { this.get_mut() };
        let v = u.get();
        u.state = UpvalState::Closed(v);
        if let UpvalState::Closed(ref mut c) = u.state {
            u.v = c;
        }
    }

    /// Re-point an open upvalue at its slot of `stack` (its thread's, just reallocated).
    ///
    /// # Safety
    /// No other reference to this upvalue may be live.
    pub(crate) unsafe fn repoint(this: Gc<Upval>, stack: *mut Value) {
        // SAFETY: exclusivity is the caller's obligation.
        let u = unsafe { this.get_mut() };
        if let UpvalState::Open { index, .. } = u.state {
            // SAFETY: the slot of an open upvalue is below the stack's length (stacks only
            // grow, and the upvalue was created for an existing slot).
            u.v = unsafe { stack.add(index) };
        }
    }
}

impl Trace for Upval {
    fn trace(&self, m: &mut Marker) {
        match self.state {
            UpvalState::Open { thread, .. } => m.mark(thread),
            UpvalState::Closed(v) => m.mark_value(v),
        }
    }
}

/// A native function: arguments are `state`'s current stack `[base, base + nargs)`; it pushes
/// its results and returns how many it pushed.
pub type NativeFn = fn(&mut State, base: usize, nargs: usize) -> Result<usize, LuaError>;

#[repr(C)]
pub struct LuaClosure {
    pub proto: Gc<Proto>,
    pub upvals: Box<[Gc<Upval>]>,
    pub env: Gc<Table>,
}

pub struct NativeClosure {
    pub f: NativeFn,
    pub name: &'static str,
    pub upvals: Box<[Value]>,
    pub env: Gc<Table>,
}

/// `repr(C, u8)`: compiled code tells a Lua closure (tag 0) from a native one by the first byte
/// and finds the closure's fields after it (`interp::tier::Layout`).
#[repr(C, u8)]
pub enum Function {
    Lua(LuaClosure),
    Native(NativeClosure),
}

impl Function {
    pub fn env(&self) -> Gc<Table> {
        match self {
            Function::Lua(c) => c.env,
            Function::Native(c) => c.env,
        }
    }
    pub fn set_env(&mut self, t: Gc<Table>) {
        match self {
            Function::Lua(c) => c.env = t,
            Function::Native(c) => c.env = t,
        }
    }
}

impl Trace for Function {
    fn trace(&self, m: &mut Marker) {
        match self {
            Function::Lua(c) => {
                m.mark(c.proto);
                m.mark(c.env);
                for &u in c.upvals.iter() {
                    m.mark(u);
                }
            }
            Function::Native(c) => {
                m.mark(c.env);
                m.mark_values(&c.upvals);
            }
        }
    }
    fn extra_bytes(&self) -> usize {
        match self {
            Function::Lua(c) => c.upvals.len() * 8,
            Function::Native(c) => c.upvals.len() * 8,
        }
    }
}
