//! The global VM state shared by the interpreter, the JIT and the standard library.
//!
//! Native functions (`NativeFn`) see their arguments in the running coroutine's value stack
//! (`State::cur`) at `[base, base + nargs)` and push their results. They call back into Lua
//! through `State::call`, which runs the interpreter hook installed by the `interp` crate.

use crate::bytecode::op::{Instr, Op};
use crate::gc::{Gc, Heap, Marker};
use crate::number;
use crate::object::{
    CallInfo, Function, LuaStr, NameInfo, NameKind, NativeClosure, NativeFn, Table, Thread,
};

/// A call level: a frame of the running coroutine, or the C level of a `pcall`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Frame(usize),
    C,
}
use crate::value::{Type, Value};
use std::io::Write;

/// A Lua error in flight: the error value (any Lua value) and, once computed, a traceback.
#[derive(Clone, Debug)]
pub struct LuaError {
    pub value: Value,
    pub traceback: Option<String>,
}

impl LuaError {
    pub fn new(value: Value) -> LuaError {
        LuaError {
            value,
            traceback: None,
        }
    }
}

/// Metamethod event names, interned once. The order is the order of `State::tm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tm {
    Index,
    NewIndex,
    Gc,
    Mode,
    Eq,
    Len,
    Call,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
    Lt,
    Le,
    Concat,
    ToString,
    Metatable,
    Name,
}

pub const TM_NAMES: [&str; 20] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__eq",
    "__len",
    "__call",
    "__add",
    "__sub",
    "__mul",
    "__div",
    "__mod",
    "__pow",
    "__unm",
    "__lt",
    "__le",
    "__concat",
    "__tostring",
    "__metatable",
    "__name",
];

/// Runs a Lua or native function: calls the value at `stack[func]` with the arguments above it
/// (up to `top`), leaving `nresults` results (all if -1) at `stack[func..]` and `top` after them.
pub type CallHook = fn(&mut State, func: usize, nresults: i32) -> Result<(), LuaError>;

/// The interpreter's metamethod-aware operations, for the standard library (installed by the
/// `interp` crate; the defaults are raw operations).
#[derive(Clone, Copy)]
pub struct OpHooks {
    /// `t[k]` with `__index`.
    pub index: fn(&mut State, Value, Value) -> Result<Value, LuaError>,
    /// `t[k] = v` with `__newindex`.
    pub newindex: fn(&mut State, Value, Value, Value) -> Result<(), LuaError>,
    /// `a < b` with `__lt`.
    pub less_than: fn(&mut State, Value, Value) -> Result<bool, LuaError>,
    /// `a == b` with `__eq`.
    pub equals: fn(&mut State, Value, Value) -> Result<bool, LuaError>,
}

fn raw_index(st: &mut State, t: Value, k: Value) -> Result<Value, LuaError> {
    match t.as_table() {
        Some(t) => Ok(t.get(k)),
        None => Err(st.error_msg(format!("attempt to index a {} value", t.type_name()))),
    }
}
fn raw_newindex(st: &mut State, t: Value, k: Value, v: Value) -> Result<(), LuaError> {
    match t.as_table() {
        Some(t) => st.raw_set(t, k, v),
        None => Err(st.error_msg(format!("attempt to index a {} value", t.type_name()))),
    }
}
fn raw_lt(st: &mut State, a: Value, b: Value) -> Result<bool, LuaError> {
    match (a.as_number(), b.as_number()) {
        (Some(x), Some(y)) => Ok(x < y),
        _ => Err(st.error_msg("attempt to compare")),
    }
}
fn raw_eq(_: &mut State, a: Value, b: Value) -> Result<bool, LuaError> {
    Ok(a.raw_eq(b))
}

pub struct State {
    pub heap: Heap,
    pub globals: Gc<Table>,
    pub registry: Gc<Table>,
    pub main: Gc<Thread>,
    /// The running coroutine.
    pub cur: Gc<Thread>,
    pub string_meta: Option<Gc<Table>>,
    /// Metatables of nil, booleans, numbers, functions and threads (`debug.setmetatable`),
    /// indexed by `basic_meta_slot`.
    pub basic_meta: [Option<Gc<Table>>; 5],
    pub tm: [Gc<LuaStr>; 20],
    pub call_hook: CallHook,
    pub ops: OpHooks,
    /// Maximum call depth (frames per coroutine) before "stack overflow".
    pub max_frames: usize,
    /// Nested native-to-Lua calls (Lua's `nCcalls`), limited to avoid Rust stack overflow.
    pub c_depth: u32,
    pub max_c_depth: u32,
    pub out: std::io::BufWriter<std::io::Stdout>,
    /// Extra roots registered by the embedder or the JIT.
    pub extra_roots: Vec<Value>,
    /// Set while a `coroutine.yield` travels (as an `Err`) from the yield to its `resume`;
    /// nothing may unwind frames while it is set.
    pub yielding: bool,
    /// Finalizers are running (a collection inside one does not start another round).
    pub in_finalizer: bool,
    /// Library-private state (e.g. the io library's standard streams), by library name.
    pub ext: std::collections::HashMap<&'static str, Box<dyn std::any::Any>>,
    /// The compiling tier plugged into the interpreter (`interp::tier`), if any; type-erased
    /// here because the runtime does not know the tier's interface.
    pub tier: Option<Box<dyn std::any::Any>>,
    /// Hotness (calls plus back-edges) at which the interpreter asks the tier to compile a
    /// function; 0 compiles every function at its first call. Unused without a tier.
    pub jit_threshold: u32,
    /// An error raised inside compiled code on its way to the interpreter (compiled code
    /// reports errors as a status, never by unwinding).
    pub pending_error: Option<LuaError>,
    /// Compiled frames currently on the native stack (bounds native recursion).
    pub jit_depth: u32,
    /// The interpreter runs the next frame it looks at itself (after a deopt).
    pub jit_skip: bool,
    /// Compiled code handed its frame back because a hook was set (`debug.sethook`): the
    /// interpreter loop stops early for the hooked one to go on (`interp::vm::run`).
    pub hook_handoff: bool,
    /// Native stack compiled code may use, in bytes, counted from where the interpreter first
    /// entered compiled code; past it, Lua calls go through the interpreter loop (which uses
    /// no native stack per Lua call). Embedders running on small thread stacks lower it; the
    /// `vm` binary runs on a large stack and raises it.
    pub jit_stack_budget: usize,
    /// The lowest native stack address compiled code may call down to (set from
    /// `jit_stack_budget` on entry to compiled code).
    pub jit_stack_limit: usize,
    /// How the interpreter calls compiled code (`interp::tier::Trampoline`; 0 without a tier).
    pub jit_trampoline: usize,
}

/// Default [`State::jit_stack_budget`]: safe on a 2 MiB thread stack.
pub const DEFAULT_JIT_STACK_BUDGET: usize = 512 << 10;

fn no_hook(_: &mut State, _: usize, _: i32) -> Result<(), LuaError> {
    Err(LuaError::new(Value::NIL))
}

pub const DEFAULT_MAX_FRAMES: usize = 200_000;

impl State {
    pub fn new() -> Box<State> {
        let mut heap = Heap::new();
        let tm = TM_NAMES.map(|n| heap.intern_fixed(n));
        heap.mode_key = Some(tm[Tm::Mode as usize]);
        heap.gc_key = Some(tm[Tm::Gc as usize]);
        let globals = heap.alloc(Table::new(0, 64));
        let registry = heap.alloc(Table::new(0, 4));
        let main = heap.alloc(Thread::new(1024));
        // SAFETY: `main` was just allocated and nothing else references it.
        unsafe { main.get_mut() }.status = crate::object::CoStatus::Running;
        Box::new(State {
            heap,
            globals,
            registry,
            main,
            cur: main,
            string_meta: None,
            basic_meta: [None; 5],
            tm,
            call_hook: no_hook,
            ops: OpHooks {
                index: raw_index,
                newindex: raw_newindex,
                less_than: raw_lt,
                equals: raw_eq,
            },
            max_frames: DEFAULT_MAX_FRAMES,
            c_depth: 0,
            max_c_depth: 200,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            extra_roots: Vec::new(),
            ext: std::collections::HashMap::new(),
            yielding: false,
            in_finalizer: false,
            tier: None,
            jit_threshold: 0,
            pending_error: None,
            jit_depth: 0,
            jit_skip: false,
            hook_handoff: false,
            jit_stack_budget: DEFAULT_JIT_STACK_BUDGET,
            jit_stack_limit: usize::MAX,
            jit_trampoline: 0,
        })
    }

    /// Mark every root. The current coroutine and the main one are traced through their
    /// stacks; suspended coroutines are reached through values that refer to them.
    /// Run the `__gc` metamethods of userdata found dead by the last collection (at a
    /// safepoint: the caller has published its stack top). Errors in finalizers are ignored.
    /// After a call that failed (its error caught by Rust code): drop the frames above
    /// `depth` and set the running thread's top to `top`, as they were before the call.
    pub fn discard_failed_call(&mut self, depth: usize, top: usize) {
        // SAFETY: exclusive access to the running thread; nothing borrows its frames.
        let t = unsafe { self.cur.get_mut() };
        t.frames.truncate(depth);
        t.top = top;
    }

    /// Run every pending finalizer, ignoring their errors.
    pub fn run_finalizers(&mut self) {
        while self.run_finalizers_until_error().is_err() {}
    }

    /// Run pending finalizers; the first that raises an error stops the run (the others stay
    /// pending for the next collection) and its error is returned.
    fn run_finalizers_until_error(&mut self) -> Result<(), LuaError> {
        while !self.heap.to_finalize.is_empty() {
            let u = self.heap.to_finalize.remove(0);
            let v = Value::userdata(u);
            // Root it while its finalizer runs.
            self.extra_roots.push(v);
            let h = self.metamethod(v, Tm::Gc);
            let depth = self.cur.frames.len();
            let top = self.cur.top;
            // Debug hooks do not fire inside finalizers (5.1's GCTM clears `allowhook`).
            let th = self.cur;
            let allowed = std::mem::replace(
                // SAFETY: exclusive access to the running thread for this update.
                &mut unsafe { th.get_mut() }.hook.allowed,
                false,
            );
            let r = if h.is_function() {
                self.call(h, &[v]).map(|_| ())
            } else {
                Ok(())
            };
            // SAFETY: as above (the finalizer has returned).
            unsafe { th.get_mut() }.hook.allowed = allowed;
            self.extra_roots.pop();
            if let Err(e) = r {
                self.discard_failed_call(depth, top);
                return Err(e);
            }
        }
        Ok(())
    }

    /// `collectgarbage()`: collect now, and raise the error of a finalizer that fails (Lua
    /// 5.1 propagates it; collections at safepoints ignore finalizer errors).
    pub fn full_gc_checked(&mut self) -> Result<(), LuaError> {
        let was = std::mem::replace(&mut self.in_finalizer, true);
        self.full_gc();
        self.in_finalizer = was;
        if was {
            return Ok(());
        }
        self.in_finalizer = true;
        let r = self.run_finalizers_until_error();
        self.in_finalizer = false;
        r
    }

    /// `lua_close`: run the finalizers of every userdata that has one, newest first.
    pub fn close(&mut self) {
        self.full_gc();
        let gc_key = self.tm[Tm::Gc as usize];
        let all = self.heap.userdata_with_meta(gc_key);
        self.heap.to_finalize.extend(all);
        self.run_finalizers();
        self.flush();
    }

    pub fn mark_roots(&self, m: &mut Marker) {
        m.mark(self.globals);
        m.mark(self.registry);
        m.mark(self.main);
        m.mark(self.cur);
        if let Some(t) = self.string_meta {
            m.mark(t);
        }
        for t in self.basic_meta.into_iter().flatten() {
            m.mark(t);
        }
        m.mark_values(&self.extra_roots);
        if let Some(e) = &self.pending_error {
            m.mark_values(&[e.value]);
        }
    }

    /// Set the fixed slots of Lua frames whose local is out of scope at the frame's pc to nil,
    /// so dead locals do not keep objects alive (Lua 5.1 gets much the same effect by reusing
    /// registers). Only values no instruction will read are cleared: every local is written
    /// before its scope starts, and codegen records the exact scope of each; a slot that an
    /// open upvalue points at is kept (closures read it whatever the frame's pc).
    fn clear_dead_slots(th: Gc<Thread>) {
        // SAFETY: called at a safepoint; nothing else references the thread's stack.
        let t = unsafe { th.get_mut() };
        for ci in &t.frames {
            let Function::Lua(cl) = &*ci.closure else {
                continue;
            };
            let p = cl.proto;
            let ns = p.num_slots as usize;
            if ns == 0 {
                continue;
            }
            let mut active = [0u64; 4];
            let pc = if ci.flags & CallInfo::HOOKED != 0 {
                ci.pc - 1
            } else {
                ci.pc
            };
            for lv in &p.locvars {
                let s = lv.slot as usize;
                if s < 256 && (lv.start_pc as usize) <= pc && pc < lv.end_pc as usize {
                    active[s / 64] |= 1 << (s % 64);
                }
            }
            // A local captured by a closure stays: out of its frame's scope (the frame is
            // in a call at the end of the block), the closure still reads it through the
            // open upvalue.
            for &u in t.open_upvals.iter().rev() {
                let i = u.open_index();
                if i < ci.base {
                    break;
                }
                if i < ci.base + ns.min(256) {
                    let s = i - ci.base;
                    active[s / 64] |= 1 << (s % 64);
                }
            }
            for s in 0..ns.min(256) {
                if active[s / 64] & (1 << (s % 64)) == 0 && ci.base + s < t.stack.len() {
                    t.stack[ci.base + s] = Value::NIL;
                }
            }
        }
    }

    /// Collect now.
    pub fn full_gc(&mut self) {
        Self::clear_dead_slots(self.cur);
        if self.main != self.cur {
            Self::clear_dead_slots(self.main);
        }
        let roots = RootSet {
            globals: self.globals,
            registry: self.registry,
            main: self.main,
            cur: self.cur,
            smeta: self.string_meta,
            basic_meta: self.basic_meta,
        };
        let extra = std::mem::take(&mut self.extra_roots);
        let pending: Vec<Value> = self
            .heap
            .to_finalize
            .iter()
            .map(|&u| Value::userdata(u))
            .collect();
        self.heap.collect(|m| {
            roots.mark(m);
            m.mark_values(&extra);
            m.mark_values(&pending);
        });
        self.extra_roots = extra;
        if !self.heap.to_finalize.is_empty() && !self.in_finalizer {
            self.in_finalizer = true;
            self.run_finalizers();
            self.in_finalizer = false;
        }
    }

    /// Collect if the allocation debt says so (a safepoint).
    #[inline]
    pub fn check_gc(&mut self) {
        if self.heap.should_collect() {
            self.full_gc();
        }
    }

    // -- Strings and errors --

    pub fn intern(&mut self, s: &[u8]) -> Value {
        Value::string(self.heap.intern(s))
    }
    pub fn intern_str(&mut self, s: &str) -> Value {
        Value::string(self.heap.intern(s.as_bytes()))
    }

    /// A Lua error whose value is the message string.
    pub fn error_msg(&mut self, msg: impl AsRef<str>) -> LuaError {
        // Compile errors and chunk names carry raw bytes (`rawtext`): the message is bytes.
        let bytes = crate::rawtext::decode(msg.as_ref());
        LuaError::new(self.intern(&bytes))
    }

    /// The frame at call level `n` (0 = the running function), counting the C level of
    /// `pcall` that the interpreter runs as a frame flag. `None` past the bottom.
    pub fn level(&self, n: usize) -> Option<Level> {
        let frames = &self.cur.frames;
        let mut lvl = 0;
        for i in (0..frames.len()).rev() {
            if lvl == n {
                return Some(Level::Frame(i));
            }
            lvl += 1;
            if frames[i].flags & CallInfo::PCALL != 0 {
                if lvl == n {
                    return Some(Level::C);
                }
                lvl += 1;
            }
        }
        None
    }

    /// `luaL_where`: `chunk:line: ` of the Lua function at `level`, or "".
    pub fn where_(&self, level: usize) -> String {
        let Some(Level::Frame(i)) = self.level(level) else {
            return String::new();
        };
        let ci = &self.cur.frames[i];
        match &*ci.closure {
            Function::Lua(cl) => format!(
                "{}:{}: ",
                cl.proto.source,
                cl.proto.line_at(ci.pc.saturating_sub(1))
            ),
            Function::Native(_) => String::new(),
        }
    }

    /// `luaL_error` from a native function: the message prefixed with the caller's position.
    pub fn rt_error(&mut self, msg: impl AsRef<str>) -> LuaError {
        let w = self.where_(1);
        self.error_msg(format!("{w}{}", msg.as_ref()))
    }

    /// What the call instruction that called frame `i` names its callee (`lua_getinfo`'s
    /// "n"): the operand name of the caller's `CALL`/`TAILCALL` (operand 1 holds names that are
    /// only for callees, such as "(for generator)").
    pub fn call_site_of(&self, i: usize) -> Option<NameInfo> {
        let frames = &self.cur.frames;
        let caller = frames.get(i.checked_sub(1)?)?;
        let Function::Lua(cl) = &*caller.closure else {
            return None;
        };
        let pc = caller.pc.checked_sub(1)?;
        let op = Instr(*cl.proto.code.get(pc)?).op();
        if !matches!(op, Op::Call | Op::TailCall) {
            return None;
        }
        cl.proto
            .operand_name(pc, 0)
            .or_else(|| cl.proto.operand_name(pc, 1))
            .cloned()
    }

    /// How the running native was called (`global 'print'`, `method 'rep'`).
    pub fn call_site_name(&self) -> Option<NameInfo> {
        let frames = &self.cur.frames;
        let top = frames.last()?;
        if top.flags & CallInfo::TAIL != 0 {
            return None;
        }
        match self.level(1) {
            // Called from a Lua frame: that frame is the one just below.
            Some(Level::Frame(_)) => self.call_site_of(frames.len() - 1),
            _ => None,
        }
    }

    /// `luaL_argerror`: `bad argument #n to 'name' (msg)`, named after the call site.
    pub fn arg_error(&mut self, n: usize, _fname: &str, msg: &str) -> LuaError {
        let site = self.call_site_name();
        let mut n = n;
        if let Some(s) = &site {
            if s.kind == NameKind::Method {
                n -= 1;
                if n == 0 {
                    let m = format!("calling '{}' on bad self ({msg})", s.name);
                    return self.rt_error(m);
                }
            }
        }
        let name = site.map(|s| s.name).unwrap_or_else(|| "?".to_string());
        self.rt_error(format!("bad argument #{n} to '{name}' ({msg})"))
    }

    /// `bad argument #n to 'fname' (T expected, got U)`.
    pub fn type_error(
        &mut self,
        n: usize,
        fname: &str,
        expected: &str,
        got: Option<Value>,
    ) -> LuaError {
        let got = match got {
            None => "no value",
            Some(v) => v.type_name(),
        };
        self.arg_error(n, fname, &format!("{expected} expected, got {got}"))
    }

    // -- Native function helpers --

    #[inline]
    pub fn stack(&self) -> &[Value] {
        &self.cur.stack
    }

    /// Argument `i` (0-based) of a native call, or nil.
    #[inline]
    pub fn arg(&self, base: usize, nargs: usize, i: usize) -> Value {
        if i < nargs {
            self.cur.stack[base + i]
        } else {
            Value::NIL
        }
    }

    /// Push a value on the running coroutine's stack.
    #[inline]
    pub fn push(&mut self, v: Value) {
        // SAFETY: no other reference to the current thread is live during a native call's
        // own stack manipulation.
        unsafe { self.cur.get_mut() }.push(v);
    }

    /// Push all of `vs`.
    pub fn push_all(&mut self, vs: &[Value]) {
        // SAFETY: as in `push`.
        unsafe { self.cur.get_mut() }.push_all(vs);
    }

    pub fn top(&self) -> usize {
        self.cur.top
    }
    pub fn set_top(&mut self, t: usize) {
        // SAFETY: as in `push`.
        let th = unsafe { self.cur.get_mut() };
        th.ensure(t);
        for i in th.top..t {
            th.stack[i] = Value::NIL;
        }
        th.top = t;
    }

    pub fn check_number(
        &mut self,
        base: usize,
        nargs: usize,
        i: usize,
        fname: &str,
    ) -> Result<f64, LuaError> {
        let v = self.arg(base, nargs, i);
        if let Some(n) = to_number(v) {
            return Ok(n);
        }
        Err(self.type_error(
            i + 1,
            fname,
            "number",
            if i < nargs { Some(v) } else { None },
        ))
    }

    pub fn check_table(
        &mut self,
        base: usize,
        nargs: usize,
        i: usize,
        fname: &str,
    ) -> Result<Gc<Table>, LuaError> {
        let v = self.arg(base, nargs, i);
        match v.as_table() {
            Some(t) => Ok(t),
            None => Err(self.type_error(
                i + 1,
                fname,
                "table",
                if i < nargs { Some(v) } else { None },
            )),
        }
    }

    pub fn check_any(&mut self, nargs: usize, i: usize, fname: &str) -> Result<(), LuaError> {
        if i < nargs {
            Ok(())
        } else {
            Err(self.arg_error(i + 1, fname, "value expected"))
        }
    }

    /// `luaL_checkinteger`: a number converted as C converts it (`number::c_long`).
    pub fn check_int(
        &mut self,
        base: usize,
        nargs: usize,
        i: usize,
        fname: &str,
    ) -> Result<i64, LuaError> {
        let n = self.check_number(base, nargs, i, fname)?;
        Ok(number::c_long(n))
    }

    pub fn opt_int(
        &mut self,
        base: usize,
        nargs: usize,
        i: usize,
        fname: &str,
        def: i64,
    ) -> Result<i64, LuaError> {
        if self.arg(base, nargs, i).is_nil() {
            Ok(def)
        } else {
            self.check_int(base, nargs, i, fname)
        }
    }

    /// A string argument (numbers are converted, as `luaL_checkstring` does).
    pub fn check_string(
        &mut self,
        base: usize,
        nargs: usize,
        i: usize,
        fname: &str,
    ) -> Result<Gc<LuaStr>, LuaError> {
        let v = self.arg(base, nargs, i);
        if let Some(s) = v.as_string() {
            return Ok(s);
        }
        if let Some(n) = v.as_number() {
            let s = number::fmt_number(n);
            return Ok(self.heap.intern(s.as_bytes()));
        }
        Err(self.type_error(
            i + 1,
            fname,
            "string",
            if i < nargs { Some(v) } else { None },
        ))
    }

    /// Create a native function value.
    pub fn native(&mut self, name: &'static str, f: NativeFn) -> Value {
        let env = self.globals;
        Value::function(self.heap.alloc(Function::Native(NativeClosure {
            f,
            name,
            upvals: Box::new([]),
            env,
        })))
    }

    /// The global `next` (what `pairs` returns).
    pub fn get_global_next(&mut self) -> Value {
        self.get_global("next")
    }

    pub fn set_global(&mut self, name: &str, v: Value) {
        let k = self.heap.intern(name.as_bytes());
        // SAFETY: the globals table is not borrowed elsewhere during this call.
        unsafe { self.globals.get_mut() }.set_str(&mut self.heap, k, v);
    }

    pub fn get_global(&mut self, name: &str) -> Value {
        let k = self.heap.intern(name.as_bytes());
        self.globals.get_str(k)
    }

    /// Raw set on any table.
    pub fn raw_set(&mut self, t: Gc<Table>, k: Value, v: Value) -> Result<(), LuaError> {
        // SAFETY: no reference to `t` is live across this call.
        match unsafe { t.get_mut() }.set(&mut self.heap, k, v) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.error_msg(e.message())),
        }
    }

    pub fn new_table(&mut self, narr: usize, nhash: usize) -> Gc<Table> {
        self.heap.alloc(Table::new(narr, nhash))
    }

    /// The metatable of any value.
    pub fn metatable(&self, v: Value) -> Option<Gc<Table>> {
        match v.type_of() {
            Type::Table => v.as_table().and_then(|t| t.meta),
            Type::Userdata => v.as_userdata().and_then(|u| u.meta),
            Type::String => self.string_meta,
            t => basic_meta_slot(t).and_then(|i| self.basic_meta[i]),
        }
    }

    /// A metamethod of `v`, or nil.
    pub fn metamethod(&self, v: Value, e: Tm) -> Value {
        match self.metatable(v) {
            Some(mt) => mt.get_str(self.tm[e as usize]),
            None => Value::NIL,
        }
    }

    /// Call a function with arguments; returns its results.
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        let func = self.top();
        self.push(f);
        for &a in args {
            self.push(a);
        }
        (self.call_hook)(self, func, -1)?;
        let top = self.top();
        let res = self.cur.stack[func..top].to_vec();
        self.set_top(func);
        Ok(res)
    }

    /// `t[k]` with metamethods (`lua_gettable`).
    pub fn index(&mut self, t: Value, k: Value) -> Result<Value, LuaError> {
        (self.ops.index)(self, t, k)
    }
    /// `t[k] = v` with metamethods (`lua_settable`).
    pub fn newindex(&mut self, t: Value, k: Value, v: Value) -> Result<(), LuaError> {
        (self.ops.newindex)(self, t, k, v)
    }
    /// `a < b` with metamethods (`lua_lessthan`).
    pub fn less_than(&mut self, a: Value, b: Value) -> Result<bool, LuaError> {
        (self.ops.less_than)(self, a, b)
    }
    /// `a == b` with metamethods (`lua_equal`).
    pub fn equals(&mut self, a: Value, b: Value) -> Result<bool, LuaError> {
        (self.ops.equals)(self, a, b)
    }

    /// Register a library: a table of native functions stored in global `name` (and returned).
    pub fn register_lib(&mut self, name: &str, fns: &[(&'static str, NativeFn)]) -> Gc<Table> {
        let existing = self.get_global(name);
        let t = match existing.as_table() {
            Some(t) => t,
            None => {
                let t = self.new_table(0, fns.len());
                self.set_global(name, Value::table(t));
                t
            }
        };
        for &(fname, f) in fns {
            let fv = self.native(fname, f);
            let k = self.intern_str(fname);
            let _ = self.raw_set(t, k, fv);
        }
        t
    }

    /// `tostring` semantics, including `__tostring`.
    pub fn tostring(&mut self, v: Value) -> Result<Value, LuaError> {
        let h = self.metamethod(v, Tm::ToString);
        if !h.is_nil() {
            let r = self.call(h, &[v])?;
            return Ok(r.first().copied().unwrap_or(Value::NIL));
        }
        Ok(match v.type_of() {
            Type::String => v,
            _ => {
                let s = self.tostring_basic(v);
                self.intern(s.as_bytes())
            }
        })
    }

    /// `tostring` without metamethods.
    pub fn tostring_basic(&self, v: Value) -> String {
        match v.type_of() {
            Type::Nil => "nil".into(),
            Type::Boolean => if v.is_truthy() { "true" } else { "false" }.into(),
            Type::Number => number::fmt_number(v.num_unchecked()),
            Type::String => v
                .as_string()
                .map(|s| s.to_str_lossy().into_owned())
                .unwrap_or_default(),
            Type::Function => {
                let f = v.as_function().unwrap();
                match &*f {
                    Function::Native(n) if n.name == "?builtin" => {
                        format!("builtin: {:#010x}", v.payload())
                    }
                    _ => format!("function: {:#010x}", v.payload()),
                }
            }
            t => format!("{}: {:#010x}", t.name(), v.payload()),
        }
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }
}

struct RootSet {
    globals: Gc<Table>,
    registry: Gc<Table>,
    main: Gc<Thread>,
    cur: Gc<Thread>,
    smeta: Option<Gc<Table>>,
    basic_meta: [Option<Gc<Table>>; 5],
}

impl RootSet {
    fn mark(&self, m: &mut Marker) {
        m.mark(self.globals);
        m.mark(self.registry);
        m.mark(self.main);
        m.mark(self.cur);
        if let Some(t) = self.smeta {
            m.mark(t);
        }
        for t in self.basic_meta.into_iter().flatten() {
            m.mark(t);
        }
    }
}

/// Where `State::basic_meta` keeps the metatable shared by all values of type `t` (none
/// for tables, userdata and strings, which keep theirs elsewhere).
pub fn basic_meta_slot(t: Type) -> Option<usize> {
    match t {
        Type::Nil => Some(0),
        Type::Boolean => Some(1),
        Type::Number => Some(2),
        Type::Function => Some(3),
        Type::Thread => Some(4),
        Type::String | Type::Table | Type::Userdata => None,
    }
}

/// Number coercion of Lua 5.1 (`tonumber` on numbers and numeric strings).
#[inline]
pub fn to_number(v: Value) -> Option<f64> {
    if let Some(n) = v.as_number() {
        return Some(n);
    }
    let s = v.as_string()?;
    number::str_to_number(s.as_bytes())
}

impl Drop for State {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}
