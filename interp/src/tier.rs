//! The tier-up interface: how the interpreter hands hot functions to a compiling tier and runs
//! the code it produced. The interpreter never names the JIT crate; a tier implements [`Tier`]
//! and is plugged in with [`install`].
//!
//! # The contract (see docs/jit.md)
//!
//! Compiled code executes *one interpreter frame in place*: its locals and operand stack are the
//! frame's slots in the coroutine's value stack, and memory is the truth at every point where
//! control can leave the code (helper calls, guards, returns). A compiled function is entered
//! with a [`JitCtx`] and an entry pc: 0 at a call, a loop header for on-stack replacement, or the
//! pc after a `CALL` to resume a frame whose callee finished in the interpreter (after a deopt,
//! an unwind or a coroutine yield). Any other pc gives [`NOT_ENTERED`].
//!
//! Control leaves compiled code only with a status:
//! - [`RETURNED`]/[`RETURNED_ENTRY`]: the frame returned (results moved, frame popped, by
//!   [`jit_return`]); `RETURNED_ENTRY` when the frame was an interpreter entry frame.
//! - [`UNWIND`]: the top of the frame stack is the truth; the interpreter continues with the top
//!   frame (a Lua callee pushed for the interpreter to run, a tail call, `pcall`). Every compiled
//!   frame below has saved its pc (the pc after its pending `CALL`) and is resumed later.
//! - [`DEOPT`]: a guard failed; the frame's saved pc is the instruction to re-execute and its
//!   saved top is the operand stack at that point. The interpreter runs it.
//! - [`ERROR`]: a Lua error (or a coroutine yield, with `State::yielding`) is in
//!   `State::pending_error`. All frames are intact, so the interpreter unwinds to `pcall` and
//!   builds tracebacks exactly as for its own errors.
//!
//! Helpers (`jit_*`, `extern "C"`) never unwind: every `Result` becomes a status or [`BAD`].
//! Before a helper can allocate, raise or call Lua, it saves the frame's pc and publishes the
//! stack top, so the collector sees every live value of the compiled frame in its stack slots
//! and tracebacks see the right line.

use crate::vm::{
    self, arith_slow, call_native, close_upvals, concat, fast_get, fast_set, index_chain, length,
    operand_name, plain_table, push_lua_frame, resolve_callable, rt_error, Arith,
};
use runtime::object::{CallInfo, Function, LuaClosure, Proto, Table, Upval};
use runtime::state::{to_number, LuaError, State};
use runtime::{Gc, Value};

/// What a compiled function receives: the state and the frame it runs.
#[repr(C)]
pub struct JitCtx {
    pub st: *mut State,
    /// The running coroutine's value stack; helpers refresh it before they return (the stack
    /// may have been reallocated).
    pub stk: *mut Value,
    /// Stack index of the frame's slot 0.
    pub base: usize,
    /// A dynamic stack top, relative to `base`: set by the interpreter on entry (the frame's
    /// saved top), by compiled code before a helper consuming open results, and by helpers
    /// producing open results.
    pub top: usize,
    /// The running closure.
    pub cl: *const LuaClosure,
}

pub const CTX_STK: i32 = std::mem::offset_of!(JitCtx, stk) as i32;
pub const CTX_BASE: i32 = std::mem::offset_of!(JitCtx, base) as i32;
pub const CTX_TOP: i32 = std::mem::offset_of!(JitCtx, top) as i32;

/// How Rust calls compiled code: `(code, ctx, entry pc, aux) -> status`. Compiled functions
/// themselves take `(ctx, entry pc, aux)` in the tier's own calling convention (Cranelift's
/// `tail`, which Rust cannot call); the tier provides this SysV function to call them. `aux`
/// is only read at [`DIRECT`] and [`DIRECT_TAIL`].
pub type Trampoline =
    unsafe extern "C" fn(code: usize, ctx: *mut JitCtx, entry_pc: u64, aux: u64) -> u64;

/// Helper status: carry on in compiled code.
pub const OK: u64 = 0;
pub const RETURNED: u64 = 1;
pub const RETURNED_ENTRY: u64 = 2;
pub const UNWIND: u64 = 3;
pub const DEOPT: u64 = 4;
pub const ERROR: u64 = 5;
pub const NOT_ENTERED: u64 = 6;
/// The `top` argument of [`jit_deopt`] from a check at an entry from the interpreter, before
/// compiled code changed anything: the frame stays as the interpreter left it.
pub const DEOPT_KEEP_FRAME: u64 = u64::MAX;
/// Returned by value-producing helpers on error (the error is in `State::pending_error`). It is
/// a NaN with a payload that no `Value` ever has (numbers are canonicalised).
pub const BAD: u64 = 0xFFF8_0000_0000_0001;

/// Nested entries from `jit_tailcall` into compiled code allowed at once (each costs native
/// stack until the chain returns); past it the interpreter loop takes the chain over. Native
/// recursion in general is bounded by `State::jit_stack_limit` (an address).
pub const MAX_NATIVE_DEPTH: u32 = 1000;

/// A compiling tier.
pub trait Tier {
    /// Compile `p` (it became hot, or the tier is eager). Success is visible as
    /// `p.jit.entry != 0`; a function that cannot be compiled gets `JitSlot::failed`.
    fn compile(&mut self, st: &mut State, p: Gc<Proto>);
    /// A guard failed in `p`'s code at `pc` (`reason` is the tier's own code).
    fn deopt(&mut self, st: &mut State, p: Gc<Proto>, pc: usize, reason: u32);
    /// Time spent in compiled code entered from the interpreter (for statistics).
    fn native_time(&mut self, nanos: u64);
    /// Whether the tier wants `native_time` reports.
    fn timing(&self) -> bool;
    /// A human-readable statistics report.
    fn report(&self) -> String;
}

/// Plug a tier into `st`; `threshold` is the hotness at which functions compile (0: at the
/// first call). `trampoline` is the tier's [`Trampoline`].
pub fn install(st: &mut State, tier: Box<dyn Tier>, threshold: u32, trampoline: usize) {
    assert_ne!(trampoline, 0, "a tier needs a trampoline");
    st.jit_trampoline = trampoline;
    st.tier = Some(Box::new(tier));
    st.jit_threshold = threshold;
    runtime::object::OFFPATH_FEEDBACK.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Run `f` with the installed tier (taken out of the state for the duration).
pub fn with_tier<R>(st: &mut State, f: impl FnOnce(&mut dyn Tier, &mut State) -> R) -> Option<R> {
    let mut b = st.tier.take()?;
    let r = b.downcast_mut::<Box<dyn Tier>>().map(|t| f(&mut **t, st));
    st.tier = Some(b);
    r
}

/// Count a call or loop back-edge of `p` and compile it once hot. Returns its code (0: none).
#[inline]
pub fn hot(st: &mut State, p: Gc<Proto>) -> usize {
    let e = p.jit.entry.get();
    if e != 0 || p.jit.failed.get() {
        return e;
    }
    let h = p.hot.get().saturating_add(1);
    p.hot.set(h);
    if h > st.jit_threshold {
        compile_now(st, p)
    } else {
        0
    }
}

/// Bytecode instructions per step of the compile threshold: a function of `n` instructions
/// compiles once hotter than `threshold * max(1, n / COMPILE_SIZE_UNIT)`. Compile time grows
/// with the code (a generated straight-line function of 4000 statements, 24003 instructions,
/// compiled in 200-430 ms, 8-18 us per instruction: `vm --jit=eager --jit-stats` on a busy
/// machine), while a call of straight-line code runs each instruction once: called 300 times
/// it cost 200 ms of compilation against 40 ms interpreted; now it is not compiled. Small
/// functions and hot loops in large ones are barely delayed (a 3000-instruction main chunk's
/// loop enters compiled code after 2200 iterations instead of 200). Many medium-sized functions each called thousands of times (LuaJIT's `meteor.lua`
/// at 10000: 43 functions, 0.65 s of compilation, 3x the interpreter's run time) still
/// compile: that needs compilation off the interpreter's thread or cheaper compilation.
const COMPILE_SIZE_UNIT: u64 = 256;

#[cold]
#[inline(never)]
fn compile_now(st: &mut State, p: Gc<Proto>) -> usize {
    let scaled = st.jit_threshold as u64 * (p.code.len() as u64 / COMPILE_SIZE_UNIT).max(1);
    if (p.hot.get() as u64) <= scaled {
        return 0;
    }
    p.hot.set(0);
    with_tier(st, |t, st| t.compile(st, p));
    p.jit.entry.get()
}

/// A Lua function called from Rust (`vm::call`: a `table.sort` comparator, a `gsub` callback, a
/// metamethod) has just had its entry frame pushed at depth `depth` (prototype `p`): run it in
/// compiled code directly when there is some, else (or for whatever the frame still needs
/// after it) in the interpreter loop. The same as `execute` minus its way through `run` and
/// `frame_entry`, which costs more than a small compiled callee runs.
pub fn enter_called(st: &mut State, p: Gc<Proto>, depth: usize) -> Result<(), LuaError> {
    let code = hot(st, p);
    if code == 0 {
        // Counted as hot once already: `run` must not ask the tier for this frame again.
        st.jit_skip = true;
        return vm::execute(st, depth);
    }
    let r = enter(st, code, 0);
    match step_after(st, r, depth) {
        Step::Done if std::mem::take(&mut st.hook_handoff) => vm::execute(st, depth),
        Step::Done => Ok(()),
        Step::Fail(e) => vm::settle(st, depth, Err(e)),
        Step::Interpret | Step::Next => vm::execute(st, depth),
    }
}

/// What the interpreter loop does with a frame after asking the tier.
pub enum Step {
    /// Interpret the frame.
    Interpret,
    /// The frame returned and it was the interpreter's entry frame.
    Done,
    /// Look at the (new) top frame again.
    Next,
    Fail(LuaError),
}

/// The interpreter is about to run the top frame (prototype `p`, at `pc`) in its loop that
/// stops at frame depth `entry`: run compiled code instead if there is some for this pc.
/// Kept out of line so the interpreter loop does not pay for it in registers.
#[inline(never)]
pub fn frame_entry(st: &mut State, p: Gc<Proto>, pc: usize, entry: usize) -> Step {
    if std::mem::replace(&mut st.jit_skip, false) {
        return Step::Interpret;
    }
    let code = if pc == 0 {
        hot(st, p)
    } else {
        p.jit.entry.get()
    };
    if code == 0 {
        return Step::Interpret;
    }
    let r = enter(st, code, pc);
    step_after(st, r, entry)
}

/// What the interpreter does after compiled code entered for the top frame returned status
/// `r`, in a loop that stops at frame depth `entry`.
#[inline(always)]
fn step_after(st: &mut State, r: u64, entry: usize) -> Step {
    match r {
        RETURNED_ENTRY => Step::Done,
        RETURNED => {
            if st.cur.frames.len() <= entry {
                Step::Done
            } else {
                Step::Next
            }
        }
        UNWIND => Step::Next,
        ERROR => Step::Fail(st.pending_error.take().expect("pending error")),
        _ => {
            // DEOPT or NOT_ENTERED: the top frame continues in the interpreter (in its hooked
            // loop, after `debug.sethook`: `vm::run` switches loops).
            if crate::hooks::active(st) {
                st.hook_handoff = true;
                return Step::Done;
            }
            st.jit_skip = true;
            Step::Next
        }
    }
}

/// A taken loop back-edge of `p`: count it; true when compiled code exists (the interpreter
/// then saves its frame and re-enters at the loop header, which is on-stack replacement).
#[inline(never)]
pub fn back_edge(st: &mut State, p: Gc<Proto>) -> bool {
    hot(st, p) != 0
}

/// Run compiled code `entry` for the top frame of the running coroutine, entering at `pc`.
pub fn enter(st: &mut State, entry: usize, pc: usize) -> u64 {
    let th = st.cur;
    let ci = *th.frames.last().expect("a frame to enter");
    let Function::Lua(cl) = &*ci.closure else {
        unreachable!("compiled code for a native frame")
    };
    let timing = st.jit_depth == 0 && with_tier(st, |t, _| t.timing()).unwrap_or(false);
    let t0 = timing.then(std::time::Instant::now);
    let mut ctx = JitCtx {
        st: st as *mut State,
        // SAFETY: exclusive access to the running thread; the pointer is only used while
        // compiled code runs for this frame.
        stk: unsafe { th.get_mut() }.stack.as_mut_ptr(),
        base: ci.base,
        top: ci.top - ci.base,
        cl: cl as *const LuaClosure,
    };
    if st.jit_depth == 0 {
        st.jit_stack_limit = stack_pos().saturating_sub(st.jit_stack_budget);
    }
    st.jit_depth += 1;
    // SAFETY: `entry` came from the tier for this frame's prototype (`Proto::jit.entry`) and
    // accepts any entry pc; `ctx` describes the top frame; `jit_trampoline` is the installed
    // tier's `Trampoline` (set with the tier, and code exists only once a tier is installed).
    let r = unsafe {
        let f = std::mem::transmute::<usize, Trampoline>(st.jit_trampoline);
        f(entry, &mut ctx, pc as u64, 0)
    };
    st.jit_depth -= 1;
    if let Some(t0) = t0 {
        let ns = t0.elapsed().as_nanos() as u64;
        with_tier(st, |t, _| t.native_time(ns));
    }
    r
}

/// An address in the current native stack frame (the stack grows down).
#[inline(always)]
fn stack_pos() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The state and context of a helper call.
///
/// # Safety
/// `ctx` is the live context of the compiled frame that called the helper.
#[inline(always)]
unsafe fn parts<'a>(ctx: *mut JitCtx) -> (&'a mut State, &'a mut JitCtx) {
    // SAFETY: the caller's contract: `ctx` is valid and so is its state pointer; compiled code
    // holds no Rust references while a helper runs.
    unsafe { (&mut *(*ctx).st, &mut *ctx) }
}

/// Save the running frame's pc (`next_pc`, the instruction after the current one, as the
/// interpreter does) and publish `top` (relative) as the stack top.
#[inline(always)]
fn save(st: &mut State, cx: &JitCtx, next_pc: usize, top: usize) {
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { st.cur.get_mut() };
    let f = t.frames.last_mut().expect("compiled frame");
    f.pc = next_pc;
    f.top = cx.base + top;
    t.top = f.top;
}

#[inline(always)]
fn refresh(st: &mut State, cx: &mut JitCtx) {
    // SAFETY: exclusive access to the running thread.
    cx.stk = unsafe { st.cur.get_mut() }.stack.as_mut_ptr();
}

fn fail(st: &mut State, cx: &mut JitCtx, e: LuaError) -> u64 {
    refresh(st, cx);
    st.pending_error = Some(e);
    ERROR
}

fn fail_v(st: &mut State, cx: &mut JitCtx, e: LuaError) -> u64 {
    fail(st, cx, e);
    BAD
}

/// A value helper's result: the value's bits, or [`BAD`] with the error pending.
fn finish_value(st: &mut State, cx: &mut JitCtx, r: Result<Value, LuaError>) -> u64 {
    match r {
        Ok(v) => {
            refresh(st, cx);
            v.to_bits()
        }
        Err(e) => fail_v(st, cx, e),
    }
}

/// A status helper's result: [`OK`], or [`ERROR`] with the error pending.
fn finish_status(st: &mut State, cx: &mut JitCtx, r: Result<(), LuaError>) -> u64 {
    match r {
        Ok(()) => {
            refresh(st, cx);
            OK
        }
        Err(e) => fail(st, cx, e),
    }
}

/// The allocation safepoint at the end of a helper that allocated.
fn finish_gc(st: &mut State, cx: &mut JitCtx) -> u64 {
    let r = gc_point(st);
    finish_status(st, cx, r)
}

/// The interpreter's allocation safepoint.
fn gc_point(st: &mut State) -> Result<(), LuaError> {
    if st.heap.should_collect() {
        st.full_gc();
        if st.heap.over_limit() {
            return Err(st.error_msg("not enough memory"));
        }
    }
    Ok(())
}

fn closure(cx: &JitCtx) -> &LuaClosure {
    // SAFETY: `cl` is the running frame's closure, rooted by the frame.
    unsafe { &*cx.cl }
}

/// Arithmetic operators by number, as compiled code passes them.
fn arith_op(op: u64) -> Arith {
    match op {
        0 => Arith::Add,
        1 => Arith::Sub,
        2 => Arith::Mul,
        3 => Arith::Div,
        4 => Arith::Mod,
        5 => Arith::Pow,
        _ => Arith::Unm,
    }
}

/// `a op b` for any operands (coercions, metamethods, errors). Returns the result or [`BAD`].
///
/// # Safety
/// Called by compiled code with its own context (as every `jit_*` helper).
pub unsafe extern "C" fn jit_arith(
    ctx: *mut JitCtx,
    pc: u64,
    top: u64,
    op: u64,
    a: u64,
    b: u64,
) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    save(st, cx, pc as usize + 1, top as usize);
    let r = arith_slow(st, arith_op(op), Value::from_bits(a), Value::from_bits(b));
    finish_value(st, cx, r)
}

/// `a ^ b` on numbers (no state).
pub extern "C" fn jit_pow(a: f64, b: f64) -> f64 {
    crate::arith::lua_pow(a, b)
}

/// `fmod`-free floor for hosts without SSE4.1 (Cranelift's `floor` becomes a libcall there).
pub extern "C" fn jit_floor(a: f64) -> f64 {
    runtime::number::floor(a)
}

/// `ceil`, for Cranelift's `ceil` on hosts without SSE4.1 (a libcall).
pub extern "C" fn jit_ceil(a: f64) -> f64 {
    a.ceil()
}

/// Comparison `kind` (0 `<`, 1 `<=`, 2 `==`) of any operands: 0 false, 1 true, 2 error.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_compare(
    ctx: *mut JitCtx,
    pc: u64,
    top: u64,
    kind: u64,
    a: u64,
    b: u64,
) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let (a, b) = (Value::from_bits(a), Value::from_bits(b));
    if kind == 2 && a.raw_eq(b) {
        return 1;
    }
    if kind == 2 && !(a.is_object() && b.is_object()) {
        return 0;
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = match kind {
        0 => vm::less_than(st, a, b),
        1 => vm::less_equal(st, a, b),
        _ => vm::equals(st, a, b),
    };
    match r {
        Ok(c) => {
            refresh(st, cx);
            c as u64
        }
        Err(e) => {
            fail(st, cx, e);
            2
        }
    }
}

/// `env[K[k]]`. Returns the value or [`BAD`].
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_getglobal(ctx: *mut JitCtx, pc: u64, top: u64, k: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let cl = closure(cx);
    let key = cl.proto.consts[k as usize];
    let env = cl.env;
    let v = env.get(key);
    if !v.is_nil() || env.meta.is_none() {
        return v.to_bits();
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = vm::get_table(st, Value::table(env), key, None);
    finish_value(st, cx, r)
}

/// `env[K[k]] = v`. Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_setglobal(ctx: *mut JitCtx, pc: u64, top: u64, k: u64, v: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let cl = closure(cx);
    let key = cl.proto.consts[k as usize];
    let env = Value::table(cl.env);
    let v = Value::from_bits(v);
    if fast_set(st, env, key, v) {
        return OK;
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = vm::set_table(st, env, key, v, None);
    finish_status(st, cx, r)
}

/// `t[k]` with `__index` (the operand naming of GETTABLE). Returns the value or [`BAD`].
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_gettable(ctx: *mut JitCtx, pc: u64, top: u64, t: u64, k: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let (t, k) = (Value::from_bits(t), Value::from_bits(k));
    if let Some(v) = fast_get(t, k) {
        if !v.is_nil() || plain_table(t) {
            return v.to_bits();
        }
    }
    if let Some(v) = index_chain(st, t, k) {
        return v.to_bits();
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = vm::get_table(st, t, k, Some(0));
    finish_value(st, cx, r)
}

/// Raw `t[k]` for a table without a metatable, else [`BAD`] (no state: a pure lookup for the
/// fast path of compiled field and index reads; the caller falls back to `jit_gettable`).
pub extern "C" fn jit_rawget(t: u64, k: u64) -> u64 {
    let (t, k) = (Value::from_bits(t), Value::from_bits(k));
    match t.as_table() {
        Some(tb) if tb.meta.is_none() => {
            if let Some(n) = k.as_number() {
                tb.get_num(n).to_bits()
            } else if let Some(s) = k.as_string() {
                tb.get_str(s).to_bits()
            } else {
                tb.get(k).to_bits()
            }
        }
        _ => BAD,
    }
}

/// `t[k] = v` with `__newindex`; `named`: whether operand names apply (not for constructors).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_settable(
    ctx: *mut JitCtx,
    pc: u64,
    top: u64,
    t: u64,
    k: u64,
    v: u64,
    named: u64,
) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let (t, k, v) = (
        Value::from_bits(t),
        Value::from_bits(k),
        Value::from_bits(v),
    );
    if fast_set(st, t, k, v) {
        return OK;
    }
    save(st, cx, pc as usize + 1, top as usize);
    let which = if named != 0 { Some(0) } else { None };
    let r = vm::set_table(st, t, k, v, which);
    finish_status(st, cx, r)
}

/// `o[K[k]]` for SELF (method lookup through `__index` table chains first).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_self(ctx: *mut JitCtx, pc: u64, top: u64, o: u64, k: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let o = Value::from_bits(o);
    let key = closure(cx).proto.consts[k as usize];
    if let Some(m) = index_chain(st, o, key) {
        return m.to_bits();
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = vm::get_table(st, o, key, Some(0));
    finish_value(st, cx, r)
}

/// Upvalue `i` of the running closure.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_getupval(ctx: *mut JitCtx, i: u64) -> u64 {
    // SAFETY: the helper contract.
    let (_, cx) = unsafe { parts(ctx) };
    closure(cx).upvals[i as usize].get().to_bits()
}

/// Upvalue `i` of the running closure `= v`.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_setupval(ctx: *mut JitCtx, i: u64, v: u64) {
    // SAFETY: the helper contract.
    let (_, cx) = unsafe { parts(ctx) };
    // SAFETY: no reference to the upvalue or its thread's stack is live.
    unsafe { Upval::set(closure(cx).upvals[i as usize], Value::from_bits(v)) };
}

/// NEWTABLE: a table in slot `top`; then the allocation safepoint (with the table below the
/// published top). Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_newtable(ctx: *mut JitCtx, pc: u64, top: u64, a: u64, b: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let na = runtime::object::fb2int(a as u32) as usize;
    let nh = runtime::object::fb2int(b as u32) as usize;
    let tb = st.heap.alloc(Table::new(na, nh));
    put(st, cx, top as usize, Value::table(tb));
    save(st, cx, pc as usize + 1, top as usize + 1);
    finish_gc(st, cx)
}

/// Store `v` in the frame's slot `i` (relative).
fn put(st: &mut State, cx: &JitCtx, i: usize, v: Value) {
    // SAFETY: exclusive access to the running thread.
    unsafe { st.cur.get_mut() }.stack[cx.base + i] = v;
}

/// CLOSURE of nested prototype `idx` into slot `top`. Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_closure(ctx: *mut JitCtx, pc: u64, top: u64, idx: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    save(st, cx, pc as usize + 1, top as usize);
    let cl = closure(cx);
    let child = cl.proto.protos[idx as usize];
    let f = vm::new_closure(st, cl, child, cx.base);
    put(st, cx, top as usize, Value::function(f));
    save(st, cx, pc as usize + 1, top as usize + 1);
    finish_gc(st, cx)
}

/// CONCAT of the `n` values below `top`, leaving the result at `top - n`. Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_concat(ctx: *mut JitCtx, pc: u64, top: u64, n: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let (top, n) = (top as usize, n as usize);
    save(st, cx, pc as usize + 1, top);
    if let Err(e) = concat(st, cx.base + top - n, n) {
        return fail(st, cx, e);
    }
    save(st, cx, pc as usize + 1, top - n + 1);
    finish_gc(st, cx)
}

/// `#v`. Returns the value or [`BAD`].
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_len(ctx: *mut JitCtx, pc: u64, top: u64, v: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let v = Value::from_bits(v);
    if let Some(t) = v.as_table() {
        return Value::number(t.len() as f64).to_bits();
    }
    save(st, cx, pc as usize + 1, top as usize);
    let r = length(st, v);
    finish_value(st, cx, r)
}

/// FORPREP A: pops start, limit, step from below `top` into slots A..A+2 (checked, coerced).
/// Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_forprep(ctx: *mut JitCtx, pc: u64, top: u64, a: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let th = st.cur;
    let (b, top, a) = (cx.base, top as usize, a as usize);
    let (init, limit, step) = (
        th.stack[b + top - 3],
        th.stack[b + top - 2],
        th.stack[b + top - 1],
    );
    save(st, cx, pc as usize + 1, top - 3);
    let Some(i) = to_number(init) else {
        let e = rt_error(st, "'for' initial value must be a number".into());
        return fail(st, cx, e);
    };
    let Some(l) = to_number(limit) else {
        let e = rt_error(st, "'for' limit must be a number".into());
        return fail(st, cx, e);
    };
    let Some(s) = to_number(step) else {
        let e = rt_error(st, "'for' step must be a number".into());
        return fail(st, cx, e);
    };
    put(st, cx, a, Value::number(i - s));
    put(st, cx, a + 1, Value::number(l));
    put(st, cx, a + 2, Value::number(s));
    OK
}

/// SETLIST: `n` values above slot `a` into the table in slot `a` from index `start`.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_setlist(ctx: *mut JitCtx, pc: u64, a: u64, n: u64, start: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let (a, n, start) = (cx.base + a as usize, n as usize, start as usize);
    let th = st.cur;
    save(st, cx, pc as usize + 1, a + 1 + n - cx.base);
    let Some(tb) = th.stack[a].as_table() else {
        let e = rt_error(st, "SETLIST target is not a table".into());
        return fail(st, cx, e);
    };
    // SAFETY: the table is referenced only from the stack here.
    let tm = unsafe { tb.get_mut() };
    let last = start + n - 1;
    if n > 0 && last > tm.array.len() {
        tm.resize_array(&mut st.heap, last);
    }
    for i in 0..n {
        tm.set_int(&mut st.heap, (start + i) as i64, th.stack[a + 1 + i]);
    }
    save(st, cx, pc as usize + 1, a + 1 - cx.base);
    finish_gc(st, cx)
}

/// VARARG pushing `want` values at `top` (all of them when `want` is `u64::MAX`, then
/// `ctx.top` is the new top). Returns a status.
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_vararg(ctx: *mut JitCtx, top: u64, want: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { st.cur.get_mut() };
    let ci = *t.frames.last().expect("compiled frame");
    let nvar = ci.nvarargs as usize;
    let want = if want == u64::MAX {
        nvar
    } else {
        want as usize
    };
    let sp = cx.base + top as usize;
    t.ensure(sp + want + 1);
    for i in 0..want {
        t.stack[sp + i] = if i < nvar {
            t.stack[cx.base - nvar + i]
        } else {
            Value::NIL
        };
    }
    cx.top = top as usize + want;
    refresh(st, cx);
    OK
}

/// CLOSE: close upvalues of slots >= `level` (relative).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_close(ctx: *mut JitCtx, level: u64) {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    // SAFETY: exclusive access to the running thread.
    close_upvals(unsafe { st.cur.get_mut() }, cx.base + level as usize);
}

/// The absolute stack indices of a call's function slot and of the top of its arguments
/// (B - 1 of them, or up to the open top `top`, relative, when B = 0).
fn call_span(cx: &JitCtx, a: u64, b: u64, top: u64) -> (usize, usize) {
    let func = cx.base + a as usize;
    let end = if b != 0 {
        func + b as usize
    } else {
        cx.base + top as usize
    };
    (func, end)
}

fn is_native(f: &Function, g: runtime::object::NativeFn) -> bool {
    matches!(f, Function::Native(nc) if std::ptr::eq(nc.f as *const (), g as *const ()))
}

/// CALL A B C (`top`: the stack top when B = 0). On [`OK`] the results are in place and
/// `ctx.top` is the new top. Lua callees with compiled code run directly (native recursion down
/// to `State::jit_stack_limit`); others are left pushed for the interpreter ([`UNWIND`]).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_call(
    ctx: *mut JitCtx,
    pc: u64,
    a: u64,
    b: u64,
    c: u64,
    top: u64,
) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let th = st.cur;
    let base = cx.base;
    let (func, top) = call_span(cx, a, b, top);
    save(st, cx, pc as usize + 1, top - base);
    let nresults = c as i32 - 1;
    let f = match th.stack[func].as_function() {
        Some(f) => f,
        None => {
            let name = operand_name(st, 0);
            match resolve_callable(st, func, name.as_ref().map(|(k, s)| (*k, s.as_str()))) {
                Ok(f) => f,
                Err(e) => return fail(st, cx, e),
            }
        }
    };
    let nargs = th.top - func - 1;
    if nargs >= 1 && is_native(&f, crate::base::pcall) && !crate::hooks::active(st) {
        if let Some(r) = pcall_lua(st, cx, func, nargs, nresults) {
            return r;
        }
    }
    if is_native(&f, crate::base::pcall) || is_native(&f, crate::base::xpcall) {
        // Protected calls are frames of the interpreter: let it execute this CALL.
        // SAFETY: exclusive access to the running thread.
        let t = unsafe { th.get_mut() };
        let ci = t.frames.last_mut().expect("compiled frame");
        ci.pc = pc as usize;
        ci.top = t.top;
        refresh(st, cx);
        // Not UNWIND: this pc may be an entry point, and re-entering would loop.
        return DEOPT;
    }
    match &*f {
        Function::Native(_) => match call_native::<false>(st, func, nargs, nresults, f) {
            Ok(n) => {
                cx.top = func + n - base;
                // SAFETY: exclusive access to the running thread.
                unsafe { th.get_mut() }
                    .frames
                    .last_mut()
                    .expect("frame")
                    .top = func + n;
                if let Err(e) = gc_point(st) {
                    return fail(st, cx, e);
                }
                refresh(st, cx);
                if crate::hooks::active(st) {
                    // `debug.sethook`: the interpreter's hooked loop goes on from the
                    // instruction after this call (its results are in place).
                    return DEOPT;
                }
                OK
            }
            Err(e) => fail(st, cx, e),
        },
        Function::Lua(cl) => {
            let p = cl.proto;
            if let Err(e) = push_lua_frame(st, func, nargs, nresults, 0, f) {
                return fail(st, cx, e);
            }
            let code = hot(st, p);
            refresh(st, cx);
            if code == 0 || stack_pos() < st.jit_stack_limit {
                return UNWIND;
            }
            let r = enter(st, code, 0);
            refresh(st, cx);
            match r {
                RETURNED => {
                    cx.top = th.top - base;
                    OK
                }
                r => r,
            }
        }
    }
}

/// `pcall(g, ...)` from compiled code where `g` is a Lua function with compiled code: the
/// frame the interpreter's `CALL` would push (`g`'s, marked `PCALL`), run directly, and an
/// error caught here as the interpreter's unwinding would (upvalues closed, frames above
/// dropped, `false, message` at the `pcall` slot). Before this, every such call left
/// compiled code for the interpreter to execute it and re-entered compiled code after it: a
/// hot loop around `pcall` ran 1.3-2x slower than in the interpreter. `None`: not this case
/// (the interpreter executes the CALL). A yield inside `g` travels up as from any call: the
/// frames stay for the interpreter to resume.
fn pcall_lua(
    st: &mut State,
    cx: &mut JitCtx,
    func: usize,
    nargs: usize,
    nresults: i32,
) -> Option<u64> {
    let th = st.cur;
    let inner = func + 1;
    let g = th.stack[inner].as_function()?;
    let Function::Lua(cl) = &*g else {
        return None;
    };
    let p = cl.proto;
    let code = p.jit.entry.get();
    if code == 0 || stack_pos() < st.jit_stack_limit {
        return None;
    }
    let depth = th.frames.len();
    if let Err(e) = push_lua_frame(st, inner, nargs - 1, nresults, CallInfo::PCALL, g) {
        return Some(fail(st, cx, e));
    }
    let r = enter(st, code, 0);
    refresh(st, cx);
    match r {
        RETURNED => {
            cx.top = th.top - cx.base;
            Some(OK)
        }
        ERROR if !st.yielding => {
            // The innermost protected frame is the one pushed here (any deeper one would
            // have caught the error itself).
            let i = th
                .frames
                .iter()
                .rposition(|c| c.flags & CallInfo::PCALL != 0);
            if i != Some(depth) {
                return Some(r);
            }
            let e = st.pending_error.take().expect("pending error");
            vm::catch_at(st, depth, e.value);
            refresh(st, cx);
            cx.top = th.top - cx.base;
            Some(OK)
        }
        r => Some(r),
    }
}

/// TAILCALL A B (`top` as for [`jit_call`]). A Lua callee replaces the frame and runs in the
/// interpreter loop ([`UNWIND`]); a native callee is an ordinary call with open results (the
/// `RETURN A 0` that follows returns them).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_tailcall(ctx: *mut JitCtx, pc: u64, a: u64, b: u64, top: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let th = st.cur;
    let base = cx.base;
    let (func, top_abs) = call_span(cx, a, b, top);
    let is_lua = matches!(
        th.stack[func].as_function().as_deref(),
        Some(Function::Lua(_))
    );
    if !is_lua {
        // SAFETY: forwarded with the same contract.
        return unsafe { jit_call(ctx, pc, a, b, 0, top) };
    }
    save(st, cx, pc as usize + 1, top_abs - base);
    let f = th.stack[func].as_function().expect("checked");
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { th.get_mut() };
    close_upvals(t, base);
    let cur = t.frames.pop().expect("compiled frame");
    let n = top_abs - func;
    t.stack.copy_within(func..top_abs, cur.func);
    t.top = cur.func + n;
    let flags =
        (cur.flags & (CallInfo::ENTRY | CallInfo::PCALL | CallInfo::XPCALL)) | CallInfo::TAIL;
    if let Err(e) = push_lua_frame(st, cur.func, n - 1, cur.nresults, flags, f) {
        return fail(st, cx, e);
    }
    // SAFETY: exclusive access to the running thread.
    if let Some(top) = unsafe { st.cur.get_mut() }.frames.last_mut() {
        top.tailcalls = cur.tailcalls.saturating_add(1);
    }
    refresh(st, cx);
    // A compiled callee runs now, and its status (normally RETURNED) is this frame's: the
    // native stack grows by one level per tail call up to MAX_NATIVE_DEPTH, after which the
    // interpreter loop takes the chain over (no stack grows there).
    let Function::Lua(cl) = &*f else {
        unreachable!("checked")
    };
    let code = hot(st, cl.proto);
    if code == 0 || st.jit_depth >= MAX_NATIVE_DEPTH || stack_pos() < st.jit_stack_limit {
        return UNWIND;
    }
    let r = enter(st, code, 0);
    refresh(st, cx);
    r
}

/// RETURN of `n` values from slot `first` (relative). Returns [`RETURNED`] or
/// [`RETURNED_ENTRY`].
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_return(ctx: *mut JitCtx, pc: u64, first: u64, n: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    let first = cx.base + first as usize;
    save(st, cx, pc as usize + 1, first + n as usize - cx.base);
    match vm::do_return(st, first, n as usize, 0) {
        Ok(Some(())) => RETURNED_ENTRY,
        Ok(None) => RETURNED,
        Err(e) => fail(st, cx, e),
    }
}

/// A failed guard at `pc`: the frame resumes in the interpreter at `pc` with `top` values (or
/// as it is, for [`DEOPT_KEEP_FRAME`]).
///
/// # Safety
/// The helper contract.
pub unsafe extern "C" fn jit_deopt(ctx: *mut JitCtx, pc: u64, top: u64, reason: u64) -> u64 {
    // SAFETY: the helper contract.
    let (st, cx) = unsafe { parts(ctx) };
    if top != DEOPT_KEEP_FRAME {
        save(st, cx, pc as usize, top as usize);
    }
    let p = closure(cx).proto;
    with_tier(st, |t, st| t.deopt(st, p, pc as usize, reason as u32));
    DEOPT
}

/// Every helper compiled code may call, by name (for the tier's symbol table).
pub fn helpers() -> Vec<(&'static str, *const u8)> {
    vec![
        ("jit_arith", jit_arith as *const u8),
        ("jit_pow", jit_pow as *const u8),
        ("jit_floor", jit_floor as *const u8),
        ("jit_compare", jit_compare as *const u8),
        ("jit_getglobal", jit_getglobal as *const u8),
        ("jit_setglobal", jit_setglobal as *const u8),
        ("jit_gettable", jit_gettable as *const u8),
        ("jit_rawget", jit_rawget as *const u8),
        ("jit_settable", jit_settable as *const u8),
        ("jit_self", jit_self as *const u8),
        ("jit_getupval", jit_getupval as *const u8),
        ("jit_setupval", jit_setupval as *const u8),
        ("jit_newtable", jit_newtable as *const u8),
        ("jit_closure", jit_closure as *const u8),
        ("jit_concat", jit_concat as *const u8),
        ("jit_len", jit_len as *const u8),
        ("jit_forprep", jit_forprep as *const u8),
        ("jit_setlist", jit_setlist as *const u8),
        ("jit_vararg", jit_vararg as *const u8),
        ("jit_close", jit_close as *const u8),
        ("jit_call", jit_call as *const u8),
        ("jit_tailcall", jit_tailcall as *const u8),
        ("jit_return", jit_return as *const u8),
        ("jit_deopt", jit_deopt as *const u8),
    ]
}

/// `entry_pc` of a direct call from compiled code: the caller filled the callee's [`JitCtx`]
/// (base one above the function slot) and passes `nargs | nresults << 32` as the third
/// argument; the callee pushes its own frame, or returns [`NOT_ENTERED`] (no room, a vararg
/// function) and the caller takes the general path.
pub const DIRECT: u64 = 0xFFFF_FFFF;

/// `entry_pc` of a tail call from compiled code: the caller already turned its own frame and
/// context into the callee's (function and arguments moved down, `CallInfo` rewritten, room
/// checked) and jumps with `aux = nargs`; the callee only clears its other slots.
pub const DIRECT_TAIL: u64 = 0xFFFF_FFFE;

/// Byte offsets of the runtime structures compiled code reads and writes directly. Offsets
/// into heap objects are from the object's box address (what a `Value` or `Gc` points at).
/// Layouts are `repr(C)` where the runtime can promise them; `Vec`/`Box<[T]>` word orders are
/// measured.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// `Function`: the tag byte (0 Lua closure) and the closure's fields.
    pub fn_tag: i32,
    pub fn_lua: i32,
    pub lua_proto: i32,
    pub lua_upvals_ptr: i32,
    pub lua_env: i32,
    /// `NativeClosure::f` in a `Function::Native`.
    pub native_f: i32,
    pub proto_entry: i32,
    pub proto_is_vararg: i32,
    pub proto_max_stack: i32,
    /// The variable's address (`Upval::v`).
    pub upval_v: i32,
    /// The stack index of an open upvalue.
    pub upval_index: i32,
    pub thread_stack_ptr: i32,
    pub thread_stack_len: i32,
    pub thread_top: i32,
    pub thread_frames_ptr: i32,
    pub thread_frames_len: i32,
    pub thread_frames_cap: i32,
    pub thread_open_ptr: i32,
    pub thread_open_len: i32,
    pub ci_size: i32,
    pub ci_func: i32,
    pub ci_base: i32,
    pub ci_pc: i32,
    pub ci_top: i32,
    pub ci_nresults: i32,
    pub ci_nvarargs: i32,
    pub ci_flags: i32,
    pub ci_tailcalls: i32,
    pub ci_closure: i32,
    pub state_cur: i32,
    pub state_max_frames: i32,
    pub state_stack_limit: i32,
    pub ctx_st: i32,
    pub ctx_stk: i32,
    pub ctx_base: i32,
    pub ctx_top: i32,
    pub ctx_cl: i32,
    pub ctx_size: i32,
}

/// Which word of a `Box<[T]>` is the data pointer.
fn boxed_slice_ptr_word() -> usize {
    assert_eq!(std::mem::size_of::<Box<[usize]>>(), 16);
    let b: Box<[usize]> = vec![7usize; 3].into_boxed_slice();
    // SAFETY: a boxed slice is two initialised words (asserted above): pointer and length.
    let w: [usize; 2] = unsafe { std::ptr::read((&b as *const Box<[usize]>).cast::<[usize; 2]>()) };
    w.iter()
        .position(|&x| x == b.as_ptr() as usize)
        .expect("boxed slice pointer word")
}

impl Layout {
    /// Measure the layout (cheap; the tier calls it once).
    pub fn get() -> Layout {
        use runtime::gc::value_offset;
        use runtime::object::{vec_words, NativeClosure, Thread, UpvalState};
        use std::mem::{align_of, offset_of, size_of};
        let i = |x: usize| x as i32;
        let f = value_offset::<Function>();
        // repr(C, u8): the tag byte, then the variants' union at its alignment.
        let payload = align_of::<LuaClosure>().max(align_of::<NativeClosure>());
        let lua = f + payload;
        let bw = boxed_slice_ptr_word();
        let u = value_offset::<Upval>();
        // repr(C, u64): the tag word, then the fields.
        assert_eq!(size_of::<UpvalState>(), 24);
        let t = value_offset::<Thread>();
        let (vp, vl) = vec_words(Value::NIL);
        let (fp, fl) = vec_words(0usize);
        let fc = 3 - fp - fl;
        let (op, ol) = vec_words(0usize);
        let st = |o: usize| i(o);
        Layout {
            fn_tag: i(f),
            fn_lua: i(lua),
            lua_proto: i(lua + offset_of!(LuaClosure, proto)),
            lua_upvals_ptr: i(lua + offset_of!(LuaClosure, upvals) + 8 * bw),
            lua_env: i(lua + offset_of!(LuaClosure, env)),
            native_f: i(lua + offset_of!(NativeClosure, f)),
            proto_entry: i(value_offset::<Proto>() + offset_of!(Proto, jit.entry)),
            proto_is_vararg: i(value_offset::<Proto>() + offset_of!(Proto, is_vararg)),
            proto_max_stack: i(value_offset::<Proto>() + offset_of!(Proto, max_stack)),
            upval_v: i(u + Upval::V_OFFSET),
            upval_index: i(u + Upval::STATE_OFFSET + 16),
            thread_stack_ptr: i(t + offset_of!(Thread, stack) + 8 * vp),
            thread_stack_len: i(t + offset_of!(Thread, stack) + 8 * vl),
            thread_top: i(t + offset_of!(Thread, top)),
            thread_frames_ptr: i(t + offset_of!(Thread, frames) + 8 * fp),
            thread_frames_len: i(t + offset_of!(Thread, frames) + 8 * fl),
            thread_frames_cap: i(t + offset_of!(Thread, frames) + 8 * fc),
            thread_open_ptr: i(t + offset_of!(Thread, open_upvals) + 8 * op),
            thread_open_len: i(t + offset_of!(Thread, open_upvals) + 8 * ol),
            ci_size: i(size_of::<CallInfo>()),
            ci_func: i(offset_of!(CallInfo, func)),
            ci_base: i(offset_of!(CallInfo, base)),
            ci_pc: i(offset_of!(CallInfo, pc)),
            ci_top: i(offset_of!(CallInfo, top)),
            ci_nresults: i(offset_of!(CallInfo, nresults)),
            ci_nvarargs: i(offset_of!(CallInfo, nvarargs)),
            ci_flags: i(offset_of!(CallInfo, flags)),
            ci_tailcalls: i(offset_of!(CallInfo, tailcalls)),
            ci_closure: i(offset_of!(CallInfo, closure)),
            state_cur: st(offset_of!(State, cur)),
            state_max_frames: st(offset_of!(State, max_frames)),
            state_stack_limit: st(offset_of!(State, jit_stack_limit)),
            ctx_st: i(offset_of!(JitCtx, st)),
            ctx_stk: i(offset_of!(JitCtx, stk)),
            ctx_base: i(offset_of!(JitCtx, base)),
            ctx_top: i(offset_of!(JitCtx, top)),
            ctx_cl: i(offset_of!(JitCtx, cl)),
            ctx_size: i(size_of::<JitCtx>()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runtime::object::Thread;

    /// Read a word at `base + off`.
    ///
    /// # Safety
    /// `base + off` is inside a live object and 8-byte aligned.
    unsafe fn rd(base: usize, off: i32) -> usize {
        // SAFETY: the caller's contract.
        unsafe { *((base + off as usize) as *const usize) }
    }

    #[test]
    fn layout_matches_objects() {
        let l = Layout::get();
        let mut st = crate::new_state();
        let f = crate::load(
            &mut st,
            b"local x = 1; return function() return x end",
            "=t",
        )
        .expect("compiles");
        let inner = crate::call_function(&mut st, f, &[]).expect("runs")[0];
        let fa = (inner.to_bits() & runtime::value::PAYLOAD_MASK) as usize;
        let Some(func) = inner.as_function() else {
            panic!("a function")
        };
        let Function::Lua(cl) = &*func else {
            panic!("a Lua closure")
        };
        // SAFETY: offsets inside the live closure's box, as measured by `Layout`.
        unsafe {
            assert_eq!(*((fa + l.fn_tag as usize) as *const u8), 0);
            assert_eq!(rd(fa, l.lua_proto), cl.proto.header() as usize);
            assert_eq!(rd(fa, l.lua_upvals_ptr), cl.upvals.as_ptr() as usize);
            assert_eq!(rd(fa, l.lua_env), cl.env.header() as usize);
            assert_eq!(
                cl.proto.header() as usize + l.proto_entry as usize,
                cl.proto.jit.entry.as_ptr() as usize
            );
            let up = cl.upvals[0];
            let ua = up.header() as usize;
            assert!(!up.is_open(), "closed after the frame returned");
            assert_eq!(
                rd(rd(ua, l.upval_v), 0),
                Value::number(1.0).to_bits() as usize
            );
        }
        let math = st.get_global("math").as_table().expect("math");
        let key = st.intern_str("sqrt");
        let sqrt = math.get(key);
        let sa = (sqrt.to_bits() & runtime::value::PAYLOAD_MASK) as usize;
        // SAFETY: an offset inside the live native closure's box, as measured by `Layout`.
        unsafe {
            assert_eq!(*((sa + l.fn_tag as usize) as *const u8), 1);
            assert_eq!(
                rd(sa, l.native_f),
                runtime::stdlib::math::inline_unary()[3] as usize
            );
        }
        let th = st.cur;
        // SAFETY: no reference into the thread's stack is live.
        let open = st
            .heap
            .alloc(unsafe { runtime::object::Upval::open(th, 5) });
        let ta = th.header() as usize;
        let t: &Thread = &th;
        // SAFETY: as above, for the upvalue and the thread.
        unsafe {
            let ua = open.header() as usize;
            assert_eq!(rd(ua, l.upval_v), t.stack.as_ptr() as usize + 5 * 8);
            assert_eq!(rd(ua, l.upval_index), 5);
            assert_eq!(rd(ta, l.thread_stack_ptr), t.stack.as_ptr() as usize);
            assert_eq!(rd(ta, l.thread_stack_len), t.stack.len());
            assert_eq!(rd(ta, l.thread_top), t.top);
            assert_eq!(rd(ta, l.thread_frames_ptr), t.frames.as_ptr() as usize);
            assert_eq!(rd(ta, l.thread_frames_len), t.frames.len());
            assert_eq!(rd(ta, l.thread_frames_cap), t.frames.capacity());
            assert_eq!(rd(ta, l.thread_open_ptr), t.open_upvals.as_ptr() as usize);
            assert_eq!(rd(ta, l.thread_open_len), t.open_upvals.len());
        }
        let sa = &*st as *const State as usize;
        // SAFETY: as above, for the state.
        unsafe {
            assert_eq!(rd(sa, l.state_cur), ta);
            assert_eq!(rd(sa, l.state_max_frames), st.max_frames);
            assert_eq!(rd(sa, l.state_stack_limit), st.jit_stack_limit);
        }
    }
}
