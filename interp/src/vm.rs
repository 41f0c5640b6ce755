//! The bytecode interpreter.
//!
//! Lua-to-Lua calls do not recurse on the Rust stack: `execute` runs frames of the running
//! coroutine's frame stack until the frame it was entered for (flagged `ENTRY`) returns. `pcall`
//! called from Lua code is a frame flag too (`PCALL`), so an error unwinds the frame stack to it
//! without Rust unwinding. Metamethods and natives that call back into Lua use `call`, which
//! re-enters `execute` (as Lua 5.1 recurses into `luaV_execute` for them); that nesting is
//! bounded by `State::max_c_depth` ("C stack overflow").
//!
//! GC safepoints: after instructions that allocate and after calls, with `Thread::top` set to
//! the current stack pointer so every live value is below it.

use crate::arith::{lua_mod, lua_pow};
use runtime::bytecode::op::{Instr, Op};
use runtime::object::{
    CallInfo, Function, Hook, LuaClosure, NameKind, Proto, Table, Thread, Upval, TM_INDEX,
    TM_NEWINDEX,
};
use runtime::state::{to_number, LuaError, State, Tm};
use runtime::{Gc, Value};

/// Maximum `__index`/`__newindex` chain length (Lua 5.1 MAXTAGLOOP).
const MAX_TAG_LOOP: usize = 100;

type R<T> = Result<T, LuaError>;

// -- Entry points --

/// Call the value at `stack[func]` with the arguments above it up to `top`; leaves `nresults`
/// results (all if -1) at `stack[func..]` with `top` just after them. This is the
/// `State::call_hook`.
pub fn call(st: &mut State, func: usize, nresults: i32) -> R<()> {
    if st.c_depth >= st.max_c_depth {
        return Err(rt_error(st, "C stack overflow".into()));
    }
    st.c_depth += 1;
    let r = call_inner(st, func, nresults);
    st.c_depth -= 1;
    r
}

fn call_inner(st: &mut State, func: usize, nresults: i32) -> R<()> {
    let th = st.cur;
    let nargs = th.top - func - 1;
    let f = resolve_callable(st, func, None)?;
    let nargs = nargs + (th.top - func - 1 - nargs);
    match &*f {
        Function::Native(_) => {
            if crate::hooks::active(st) {
                call_native::<true>(st, func, nargs, nresults, f)?;
            } else {
                call_native::<false>(st, func, nargs, nresults, f)?;
            }
            Ok(())
        }
        Function::Lua(cl) => {
            let depth = th.frames.len();
            let p = cl.proto;
            let r = push_lua_frame(st, func, nargs, nresults, CallInfo::ENTRY, f).and_then(|()| {
                if st.tier.is_some() && !crate::hooks::active(st) {
                    crate::tier::enter_called(st, p, depth)
                } else {
                    execute(st, depth)
                }
            });
            match r {
                Ok(()) => Ok(()),
                Err(e) => {
                    // SAFETY: no other reference to the thread is live here.
                    let t = unsafe { th.get_mut() };
                    close_upvals(t, func);
                    t.frames.truncate(depth);
                    Err(e)
                }
            }
        }
    }
}

/// Make `stack[func]` a function, inserting `__call` handlers as Lua does; returns it.
pub(crate) fn resolve_callable(
    st: &mut State,
    func: usize,
    name: Option<(NameKind, &str)>,
) -> R<Gc<Function>> {
    let th = st.cur;
    let v = th.stack[func];
    if let Some(f) = v.as_function() {
        return Ok(f);
    }
    let h = st.metamethod(v, Tm::Call);
    if let Some(f) = h.as_function() {
        // SAFETY: exclusive access to the running thread's stack for this shift.
        let t = unsafe { th.get_mut() };
        t.ensure(t.top + 1);
        let top = t.top;
        t.stack.copy_within(func..top, func + 1);
        t.stack[func] = h;
        t.top += 1;
        return Ok(f);
    }
    Err(type_error(st, v, "call", name))
}

/// Call the native function `f` at `stack[func]` with `nargs` arguments; its results go to
/// `func`. `H`: fire the call and return hooks (the hooked interpreter loop, or a call from
/// Rust while the thread has a hook).
pub(crate) fn call_native<const H: bool>(
    st: &mut State,
    func: usize,
    nargs: usize,
    nresults: i32,
    f: Gc<Function>,
) -> R<usize> {
    let Function::Native(nc) = &*f else {
        unreachable!()
    };
    let th = st.cur;
    {
        // SAFETY: exclusive access to the running thread.
        let t = unsafe { th.get_mut() };
        if t.frames.len() >= st.max_frames {
            return Err(st.error_msg("stack overflow"));
        }
        t.top = func + 1 + nargs;
        t.frames.push(CallInfo {
            func,
            base: func + 1,
            pc: 0,
            top: func + 1 + nargs,
            nresults,
            nvarargs: 0,
            flags: CallInfo::NATIVE,
            tailcalls: 0,
            closure: f,
        });
    }
    if H {
        crate::hooks::on_call(st)?;
    }
    let r = (nc.f)(st, func + 1, nargs);
    let n = match r {
        Ok(n) => n,
        Err(e) => {
            return Err(e);
        }
    };
    if H {
        crate::hooks::on_return(st)?;
    }
    // SAFETY: the native has returned; nothing else holds the thread.
    let t = unsafe { th.get_mut() };
    t.frames.pop();
    let first = t.top - n;
    Ok(move_results(t, first, n, func, nresults))
}

/// Move `n` results from `first` to `dest`, adjusting to `want` (-1: all). Sets `top`.
pub(crate) fn move_results(
    t: &mut Thread,
    first: usize,
    n: usize,
    dest: usize,
    want: i32,
) -> usize {
    if want == 1 && n >= 1 {
        // The common single result: no capacity check needed (it overwrites the slot that
        // held the called function).
        t.stack[dest] = t.stack[first];
        t.top = dest + 1;
        return 1;
    }
    let count = if want < 0 { n } else { want as usize };
    t.ensure(dest + count + 1);
    let copy = n.min(count);
    if first != dest {
        t.stack.copy_within(first..first + copy, dest);
    }
    for i in copy..count {
        t.stack[dest + i] = Value::NIL;
    }
    t.top = dest + count;
    count
}

/// Push a frame for a Lua function at `stack[func]` with `nargs` arguments.
pub(crate) fn push_lua_frame(
    st: &mut State,
    func: usize,
    nargs: usize,
    nresults: i32,
    flags: u16,
    f: Gc<Function>,
) -> R<()> {
    let Function::Lua(cl) = &*f else {
        unreachable!()
    };
    let p = cl.proto;
    let th = st.cur;
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { th.get_mut() };
    if t.frames.len() >= st.max_frames {
        return Err(rt_error(st, "stack overflow".into()));
    }
    let np = p.num_params as usize;
    let (base, nvar) = if p.is_vararg {
        let nvar = nargs.saturating_sub(np);
        let base = func + 1 + nargs;
        t.ensure(base + p.max_stack as usize + 1);
        for i in 0..np {
            t.stack[base + i] = if i < nargs {
                t.stack[func + 1 + i]
            } else {
                Value::NIL
            };
        }
        (base, nvar)
    } else {
        let base = func + 1;
        t.ensure(base + p.max_stack as usize + 1);
        for i in nargs..np {
            t.stack[base + i] = Value::NIL;
        }
        (base, 0)
    };
    let ns = p.num_slots as usize;
    for i in np..ns {
        t.stack[base + i] = Value::NIL;
    }
    t.top = base + ns;
    t.frames.push(CallInfo {
        func,
        base,
        pc: 0,
        top: base + ns,
        nresults,
        nvarargs: nvar as u32,
        flags,
        tailcalls: 0,
        closure: f,
    });
    if p.needs_arg {
        let mut tb = Table::new(nvar, 1);
        for i in 0..nvar {
            tb.set_int(&mut st.heap, i as i64 + 1, t.stack[base - nvar + i]);
        }
        let n = st.heap.intern(b"n");
        tb.set_str(&mut st.heap, n, Value::number(nvar as f64));
        let tv = Value::table(st.heap.alloc(tb));
        // SAFETY: exclusive access to the running thread.
        unsafe { th.get_mut() }.stack[base + np] = tv;
    }
    crate::hooks::on_call(st)
}

// -- Upvalues --

/// A closure of `child` (a prototype nested in `cl`'s) created by the frame whose slot 0 is
/// at stack index `base`: captured locals become (shared) open upvalues, the rest are
/// `cl`'s own upvalues.
pub(crate) fn new_closure(
    st: &mut State,
    cl: &LuaClosure,
    child: Gc<Proto>,
    base: usize,
) -> Gc<Function> {
    let mut ups = Vec::with_capacity(child.upvals.len());
    for d in &child.upvals {
        ups.push(if d.in_stack {
            find_upval(st, base + d.index as usize)
        } else {
            cl.upvals[d.index as usize]
        });
    }
    st.heap.alloc(Function::Lua(LuaClosure {
        proto: child,
        upvals: ups.into_boxed_slice(),
        env: cl.env,
    }))
}

pub(crate) fn find_upval(st: &mut State, index: usize) -> Gc<Upval> {
    let th = st.cur;
    let pos = {
        let t = &th.open_upvals;
        match t.binary_search_by(|u| open_index(*u).cmp(&index)) {
            Ok(i) => return t[i],
            Err(i) => i,
        }
    };
    // SAFETY: no reference into the running thread's stack is live here.
    let u = st.heap.alloc(unsafe { Upval::open(th, index) });
    // SAFETY: exclusive access to the running thread.
    unsafe { th.get_mut() }.open_upvals.insert(pos, u);
    u
}

fn open_index(u: Gc<Upval>) -> usize {
    u.open_index()
}

/// Close the thread's open upvalues at or above stack index `level`. Inline is only the test
/// of the last one (returns from functions called while a main-chunk local is captured, as
/// `local function fib` is, find nothing to close).
#[inline]
pub fn close_upvals(t: &mut Thread, level: usize) {
    if let Some(&u) = t.open_upvals.last() {
        if open_index(u) >= level {
            close_upvals_from(t, level);
        }
    }
}

#[cold]
#[inline(never)]
fn close_upvals_from(t: &mut Thread, level: usize) {
    while let Some(&u) = t.open_upvals.last() {
        let idx = open_index(u);
        if idx < level {
            break;
        }
        t.open_upvals.pop();
        // SAFETY: the upvalue is not otherwise borrowed; we hold the only reference path.
        unsafe { Upval::close(u) };
    }
}

// -- Errors --

/// The current line of frame `ci` (its last executed instruction).
fn frame_line(ci: &CallInfo) -> Option<(Gc<Proto>, u32)> {
    match &*ci.closure {
        Function::Lua(cl) => Some((cl.proto, cl.proto.line_at(ci.pc.saturating_sub(1)))),
        Function::Native(_) => None,
    }
}

/// `chunk:line:` of the running Lua frame, for runtime errors.
pub(crate) fn rt_error(st: &mut State, msg: String) -> LuaError {
    let ci = st.cur.frames.last().copied();
    let full = match ci.and_then(|c| frame_line(&c)) {
        Some((p, line)) => format!("{}:{}: {}", p.source, line, msg),
        None => msg,
    };
    st.error_msg(full)
}

/// Where a value came from, for messages (`global 'x'`, ...), via the compiler's name table.
pub(crate) fn operand_name(st: &State, which: u8) -> Option<(NameKind, String)> {
    let ci = st.cur.frames.last()?;
    let Function::Lua(cl) = &*ci.closure else {
        return None;
    };
    cl.proto
        .operand_name(ci.pc.checked_sub(1)?, which)
        .map(|n| (n.kind, n.name.clone()))
}

fn describe(v: Value, name: Option<(NameKind, &str)>) -> String {
    match name {
        Some((k, n)) => format!("{} '{}' (a {} value)", k.as_str(), n, v.type_name()),
        None => format!("a {} value", v.type_name()),
    }
}

fn type_error(st: &mut State, v: Value, op: &str, name: Option<(NameKind, &str)>) -> LuaError {
    let d = describe(v, name);
    rt_error(st, format!("attempt to {op} {d}"))
}

fn op_error(st: &mut State, v: Value, op: &str, which: u8) -> LuaError {
    let n = operand_name(st, which);
    let d = describe(v, n.as_ref().map(|(k, s)| (*k, s.as_str())));
    rt_error(st, format!("attempt to {op} {d}"))
}

fn order_error(st: &mut State, a: Value, b: Value) -> LuaError {
    let (t1, t2) = (a.type_name(), b.type_name());
    if t1 == t2 {
        rt_error(st, format!("attempt to compare two {t1} values"))
    } else {
        rt_error(st, format!("attempt to compare {t1} with {t2}"))
    }
}

// -- Metamethod-aware operations (also used by the standard library) --

fn fast_tm(st: &State, mt: Option<Gc<Table>>, bit: u8, e: Tm) -> Value {
    let Some(mt) = mt else { return Value::NIL };
    if mt.flags.get() & (1 << bit) != 0 {
        return Value::NIL;
    }
    let v = mt.get_str(st.tm[e as usize]);
    if v.is_nil() {
        mt.flags.set(mt.flags.get() | (1 << bit));
    }
    v
}

fn call_tm1(st: &mut State, f: Value, args: &[Value]) -> R<Value> {
    let r = st.call(f, args)?;
    Ok(r.first().copied().unwrap_or(Value::NIL))
}

/// `t[k]` with `__index`. `which` names the table operand for errors.
pub fn get_table(st: &mut State, mut t: Value, k: Value, mut which: Option<u8>) -> R<Value> {
    for _ in 0..MAX_TAG_LOOP {
        let h;
        if let Some(tb) = t.as_table() {
            let v = tb.get(k);
            if !v.is_nil() {
                return Ok(v);
            }
            h = fast_tm(st, tb.meta, TM_INDEX, Tm::Index);
            if h.is_nil() {
                return Ok(Value::NIL);
            }
        } else {
            h = st.metamethod(t, Tm::Index);
            if h.is_nil() {
                return Err(match which {
                    Some(w) => op_error(st, t, "index", w),
                    None => type_error(st, t, "index", None),
                });
            }
        }
        if h.is_function() {
            return call_tm1(st, h, &[t, k]);
        }
        // Only the original operand has a name (Lua 5.1 names values on the stack).
        t = h;
        which = None;
    }
    Err(rt_error(st, "loop in gettable".into()))
}

/// `t[k] = v` with `__newindex`.
pub fn set_table(st: &mut State, mut t: Value, k: Value, v: Value, mut which: Option<u8>) -> R<()> {
    for _ in 0..MAX_TAG_LOOP {
        let h;
        if let Some(tb) = t.as_table() {
            let old = tb.get(k);
            h = if old.is_nil() {
                fast_tm(st, tb.meta, TM_NEWINDEX, Tm::NewIndex)
            } else {
                Value::NIL
            };
            if h.is_nil() {
                // SAFETY: no other reference to the table is live during the store.
                return match unsafe { tb.get_mut() }.set(&mut st.heap, k, v) {
                    Ok(()) => Ok(()),
                    Err(e) => Err(rt_error(st, e.message().into())),
                };
            }
        } else {
            h = st.metamethod(t, Tm::NewIndex);
            if h.is_nil() {
                return Err(match which {
                    Some(w) => op_error(st, t, "index", w),
                    None => type_error(st, t, "index", None),
                });
            }
        }
        if h.is_function() {
            st.call(h, &[t, k, v])?;
            return Ok(());
        }
        t = h;
        which = None;
    }
    Err(rt_error(st, "loop in settable".into()))
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
}

fn arith_num(op: Arith, a: f64, b: f64) -> f64 {
    match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
        Arith::Mod => lua_mod(a, b),
        Arith::Pow => lua_pow(a, b),
        Arith::Unm => -a,
    }
}

pub(crate) fn arith_slow(st: &mut State, op: Arith, a: Value, b: Value) -> R<Value> {
    if let (Some(x), Some(y)) = (to_number(a), to_number(b)) {
        return Ok(Value::number(arith_num(op, x, y)));
    }
    let e = match op {
        Arith::Add => Tm::Add,
        Arith::Sub => Tm::Sub,
        Arith::Mul => Tm::Mul,
        Arith::Div => Tm::Div,
        Arith::Mod => Tm::Mod,
        Arith::Pow => Tm::Pow,
        Arith::Unm => Tm::Unm,
    };
    let mut h = st.metamethod(a, e);
    if h.is_nil() {
        h = st.metamethod(b, e);
    }
    if h.is_nil() {
        // Lua 5.1 blames the second operand unless the first is not a number.
        let (bad, which) = if to_number(a).is_none() {
            (a, 0)
        } else {
            (b, 1)
        };
        return Err(op_error(st, bad, "perform arithmetic on", which));
    }
    call_tm1(st, h, &[a, b])
}

/// Metamethod for comparisons (`get_compTM` of 5.1 for `__eq`).
fn comp_tm(st: &State, a: Value, b: Value, e: Tm) -> Value {
    let mt1 = st.metatable(a);
    let Some(m1) = mt1 else { return Value::NIL };
    let t1 = m1.get_str(st.tm[e as usize]);
    if t1.is_nil() {
        return Value::NIL;
    }
    let mt2 = st.metatable(b);
    if mt2 == mt1 {
        return t1;
    }
    let Some(m2) = mt2 else { return Value::NIL };
    let t2 = m2.get_str(st.tm[e as usize]);
    if t2.is_nil() || !t1.raw_eq(t2) {
        return Value::NIL;
    }
    t1
}

pub fn equals(st: &mut State, a: Value, b: Value) -> R<bool> {
    if a.raw_eq(b) {
        return Ok(true);
    }
    if a.type_of() != b.type_of() {
        return Ok(false);
    }
    if !(a.is_table() || a.as_userdata().is_some()) {
        return Ok(false);
    }
    let h = comp_tm(st, a, b, Tm::Eq);
    if h.is_nil() {
        return Ok(false);
    }
    Ok(call_tm1(st, h, &[a, b])?.is_truthy())
}

fn order_tm(st: &mut State, a: Value, b: Value, e: Tm) -> R<Option<bool>> {
    let t1 = st.metamethod(a, e);
    if t1.is_nil() {
        return Ok(None);
    }
    let t2 = st.metamethod(b, e);
    if !t1.raw_eq(t2) {
        return Ok(None);
    }
    Ok(Some(call_tm1(st, t1, &[a, b])?.is_truthy()))
}

pub fn less_than(st: &mut State, a: Value, b: Value) -> R<bool> {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return Ok(x < y);
    }
    if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
        return Ok(x.as_bytes() < y.as_bytes());
    }
    if a.type_of() == b.type_of() {
        if let Some(r) = order_tm(st, a, b, Tm::Lt)? {
            return Ok(r);
        }
    }
    Err(order_error(st, a, b))
}

pub fn less_equal(st: &mut State, a: Value, b: Value) -> R<bool> {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return Ok(x <= y);
    }
    if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
        return Ok(x.as_bytes() <= y.as_bytes());
    }
    if a.type_of() == b.type_of() {
        if let Some(r) = order_tm(st, a, b, Tm::Le)? {
            return Ok(r);
        }
        if let Some(r) = order_tm(st, b, a, Tm::Lt)? {
            return Ok(!r);
        }
    }
    Err(order_error(st, a, b))
}

fn is_strnum(v: Value) -> bool {
    v.is_number() || v.is_string()
}

fn append_strnum(buf: &mut Vec<u8>, v: Value) {
    if let Some(s) = v.as_string() {
        buf.extend_from_slice(s.as_bytes());
    } else {
        let mut s = String::new();
        runtime::number::write_number(&mut s, v.num_unchecked());
        buf.extend_from_slice(s.as_bytes());
    }
}

/// Concatenate `stack[first..first+n]` (Lua 5.1 `luaV_concat`), leaving the result at `first`.
pub(crate) fn concat(st: &mut State, first: usize, n: usize) -> R<()> {
    let th = st.cur;
    let mut total = n;
    while total > 1 {
        let top = first + total;
        let a = th.stack[top - 2];
        let b = th.stack[top - 1];
        if !is_strnum(a) || !is_strnum(b) {
            let mut h = st.metamethod(a, Tm::Concat);
            if h.is_nil() {
                h = st.metamethod(b, Tm::Concat);
            }
            if h.is_nil() {
                let (bad, idx) = if is_strnum(a) {
                    (b, top - 1)
                } else {
                    (a, top - 2)
                };
                return Err(op_error(st, bad, "concatenate", (idx - first) as u8));
            }
            let r = call_tm1(st, h, &[a, b])?;
            // SAFETY: exclusive access to the running thread.
            unsafe { th.get_mut() }.stack[top - 2] = r;
            total -= 1;
            continue;
        }
        let mut k = 2;
        while k < total && is_strnum(th.stack[top - k - 1]) {
            k += 1;
        }
        let mut buf = Vec::new();
        for i in top - k..top {
            append_strnum(&mut buf, th.stack[i]);
        }
        let s = Value::string(st.heap.intern_owned(buf));
        // SAFETY: exclusive access to the running thread.
        unsafe { th.get_mut() }.stack[top - k] = s;
        total -= k - 1;
    }
    Ok(())
}

pub(crate) fn length(st: &mut State, v: Value) -> R<Value> {
    if let Some(s) = v.as_string() {
        return Ok(Value::number(s.len() as f64));
    }
    if let Some(t) = v.as_table() {
        return Ok(Value::number(t.len() as f64));
    }
    let h = st.metamethod(v, Tm::Len);
    if h.is_nil() {
        return Err(op_error(st, v, "get length of", 0));
    }
    call_tm1(st, h, &[v, Value::NIL])
}

// -- Table fast paths (no metamethod can apply) --

/// Is `t` a table without a metatable (so a raw access is the whole story)?
#[inline(always)]
pub(crate) fn plain_table(t: Value) -> bool {
    matches!(t.as_table(), Some(tb) if tb.meta.is_none())
}

/// `t[k]` through `__index` chains made of tables only (the class pattern), without calls:
/// `None` when a function handler or a non-table is involved (take the general path).
#[inline]
pub(crate) fn index_chain(st: &State, t: Value, k: Value) -> Option<Value> {
    let mut tb = t.as_table()?;
    for _ in 0..MAX_TAG_LOOP {
        let v = tb.get(k);
        if !v.is_nil() {
            return Some(v);
        }
        let h = fast_tm(st, tb.meta, TM_INDEX, Tm::Index);
        if h.is_nil() {
            return Some(Value::NIL);
        }
        tb = h.as_table()?;
    }
    None
}

/// Raw `t[k]` when `t` is a table (`None` otherwise); integer keys in the array part first.
/// (Number keys past the array part are not recorded for the JIT (`JitSlot::offpath`):
/// passing the pc in here cost the interpreter loop 1 % on fib, in register allocation.)
#[inline(always)]
pub(crate) fn fast_get(t: Value, k: Value) -> Option<Value> {
    let tb = t.as_table()?;
    if let Some(n) = k.as_number() {
        return Some(tb.get_num(n));
    }
    Some(tb.get(k))
}

/// `JitSlot::note_offpath` for a field read that found nil (out of line: the interpreter
/// loop's register allocation is sensitive to what is inlined into it).
#[cold]
#[inline(never)]
fn note_absent(p: &Proto, pc: usize) {
    p.jit.note_offpath(pc);
}

/// `t[k] = v` when no `__newindex` can apply: `t` is a table without a metatable, or the key
/// is already present with a non-nil value. Returns false to take the general path (which
/// also reports bad keys).
///
/// While a JIT tier wants feedback (`OFFPATH_FEEDBACK`), inserts return false too: the caller
/// records its false results for the tier (`JitSlot::offpath`: compiled code inlines stores
/// to existing keys only). (Passing the pc in here instead cost the interpreter loop 1 % on
/// fib, in register allocation.)
#[inline(always)]
pub(crate) fn fast_set(st: &mut State, t: Value, k: Value, v: Value) -> bool {
    let Some(tb) = t.as_table() else { return false };
    // SAFETY: the table is referenced only through the stack here; no other borrow is live.
    let tm = unsafe { tb.get_mut() };
    if let Some(n) = k.as_number() {
        let i = n as i64;
        if i as f64 == n && (i as u64).wrapping_sub(1) < tm.array.len() as u64 {
            let slot = &mut tm.array[(i - 1) as usize];
            if tm.meta.is_none() || !slot.is_nil() {
                *slot = v;
                return true;
            }
            return false;
        }
    }
    fast_set_hash(st, tm, k, v)
}

/// Whether a JIT tier wants the interpreter's `offpath` records (inserts then take the
/// general path, which records them).
fn wants_feedback() -> bool {
    runtime::object::OFFPATH_FEEDBACK.load(std::sync::atomic::Ordering::Relaxed)
}

/// `fast_set` for keys outside the array part (out of line: it keeps the interpreter loop
/// small).
#[inline(never)]
fn fast_set_hash(st: &mut State, tm: &mut Table, k: Value, v: Value) -> bool {
    if let Some(s) = k.as_string() {
        // An existing field with a value: a plain overwrite whatever the metatable (no
        // `__newindex` for present keys) and the metamethod-absence cache stays true (the
        // key had a value, so its absence was not cached).
        match tm.str_slot_mut(s) {
            Some(slot) => {
                if !slot.is_nil() {
                    *slot = v;
                    return true;
                }
            }
            None => {
                if wants_feedback() {
                    return false;
                }
                // A new field: a raw insert when no `__newindex` applies (no metatable, or
                // one known to lack it: `self.x = ...` in a constructor of a class).
                if fast_tm(st, tm.meta, TM_NEWINDEX, Tm::NewIndex).is_nil() {
                    tm.insert_new_str(&mut st.heap, s, v);
                    return true;
                }
                return false;
            }
        }
    }
    if tm.meta.is_some() {
        return false;
    }
    if wants_feedback() {
        return false;
    }
    tm.set(&mut st.heap, k, v).is_ok()
}

/// TAILCALL fast path (out of line: the interpreter loop's register allocation is sensitive
/// to its size): a Lua callee with fixed parameters whose frame fits the stack as it is
/// replaces the running frame in place (what the general path does by pop and push). The
/// function and arguments are at `func..sp`; the running frame's base is `base`. False when
/// the general path must do it.
#[inline(never)]
fn tail_call_fast(st: &mut State, func: usize, sp: usize, base: usize) -> bool {
    let th = st.cur;
    let Some(f) = th.stack[func].as_function() else {
        return false;
    };
    let Function::Lua(callee) = &*f else {
        return false;
    };
    let q = callee.proto;
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { th.get_mut() };
    let Some(&cur) = t.frames.last() else {
        return false;
    };
    let dst = cur.func;
    let nb = dst + 1;
    if q.is_vararg || nb + (q.max_stack as usize) >= t.stack.len() {
        return false;
    }
    if !t.open_upvals.is_empty() {
        close_upvals(t, base);
    }
    let nargs = sp - func - 1;
    t.stack.copy_within(func..sp, dst);
    let ns = q.num_slots as usize;
    for i in nargs.min(q.num_params as usize)..ns {
        t.stack[nb + i] = Value::NIL;
    }
    t.top = nb + ns;
    if let Some(c) = t.frames.last_mut() {
        c.base = nb;
        c.pc = 0;
        c.top = nb + ns;
        c.nvarargs = 0;
        c.flags =
            (cur.flags & (CallInfo::ENTRY | CallInfo::PCALL | CallInfo::XPCALL)) | CallInfo::TAIL;
        c.tailcalls = cur.tailcalls.saturating_add(1);
        c.closure = f;
    }
    true
}

// -- The loop --

/// Run the running coroutine's frames until the frame at depth `entry` returns.
pub fn execute(st: &mut State, entry: usize) -> R<()> {
    let r = run(st, entry);
    settle(st, entry, r)
}

/// Finish `execute` after the frames above `entry` produced `r`: an error unwinds to the
/// innermost `pcall` frame above `entry` and the loop goes on from there.
pub(crate) fn settle(st: &mut State, entry: usize, mut r: R<()>) -> R<()> {
    loop {
        match r {
            Ok(()) => return Ok(()),
            Err(e) => {
                if st.yielding {
                    // A yield leaves every frame in place for the next resume.
                    return Err(e);
                }
                // Unwind to the innermost pcall frame above `entry`, if any.
                let th = st.cur;
                let Some(i) = th
                    .frames
                    .iter()
                    .rposition(|c| c.flags & CallInfo::PCALL != 0)
                else {
                    return Err(finish_error(st, e));
                };
                if i <= entry {
                    return Err(finish_error(st, e));
                }
                let ci = th.frames[i];
                let mut e = e;
                if ci.flags & CallInfo::XPCALL != 0 {
                    // The message handler runs where the error happened (frames intact).
                    let h = th.stack[ci.func - 1];
                    e.value = call_message_handler(st, h, e.value);
                }
                catch_at(st, i, e.value);
                r = run(st, entry);
            }
        }
    }
}

/// Frames an `xpcall` message handler may use past `State::max_frames`, so that it can
/// handle "stack overflow" itself (Lua 5.1 lets the CallInfo array grow past LUAI_MAXCALLS
/// while handling an error for the same reason).
const HANDLER_EXTRA_FRAMES: usize = 250;

/// Run `xpcall`'s message handler `h` on `msg` where the error happened; its first result,
/// or "error in error handling" if it fails.
pub(crate) fn call_message_handler(st: &mut State, h: Value, msg: Value) -> Value {
    let limit = st.max_frames;
    let depth = st.cur.frames.len();
    let top = st.cur.top;
    st.max_frames = limit.saturating_add(HANDLER_EXTRA_FRAMES);
    let r = st.call(h, &[msg]);
    st.max_frames = limit;
    match r {
        Ok(r) => r.first().copied().unwrap_or(Value::NIL),
        Err(_) => {
            // A native handler that fails leaves its frame (and its stack) behind: drop them,
            // or the caller of xpcall pops the wrong frame and runs twice.
            st.discard_failed_call(depth, top);
            st.intern_str("error in error handling")
        }
    }
}

/// Attach a traceback to an error that nothing will catch.
pub(crate) fn finish_error(st: &mut State, mut e: LuaError) -> LuaError {
    if e.traceback.is_none()
        && st.cur == st.main
        && !st.cur.frames.iter().any(|c| c.flags & CallInfo::PCALL != 0)
    {
        e.traceback = Some(crate::traceback::traceback(st));
    }
    e
}

/// After a return to a Lua caller: set its stack top for `n` results at `dest` wanted `want`.
/// Finish a protected call that caught an error: unwind to the `PCALL` frame at depth `i`
/// (upvalues closed, it and the frames above it dropped) and deliver `false, value` to its
/// caller as its results.
pub(crate) fn catch_at(st: &mut State, i: usize, value: Value) {
    let th = st.cur;
    let ci = th.frames[i];
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { th.get_mut() };
    close_upvals(t, ci.func);
    t.frames.truncate(i);
    let dest = ci.func - 1;
    t.ensure(dest + 2);
    t.stack[dest] = Value::FALSE;
    t.stack[dest + 1] = value;
    t.top = dest + 2;
    finish_return(st, dest, 2, ci.nresults);
}

fn finish_return(st: &mut State, dest: usize, n: usize, want: i32) {
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { st.cur.get_mut() };
    let count = move_results(t, dest, n, dest, want);
    if let Some(ci) = t.frames.last_mut() {
        ci.top = dest + count;
    }
}

/// Run frames until the frame at depth `entry` returns, in the loop instance that the running
/// thread's hook calls for (`crate::hooks`); an instance that finds the hook state changed
/// saves its frame and returns `false`, and the other one continues.
fn run(st: &mut State, entry: usize) -> R<()> {
    loop {
        let done = if crate::hooks::active(st) {
            run_loop::<true>(st, entry)?
        } else {
            run_loop::<false>(st, entry)?
        };
        // (Compiled code that set a hook reports "done" to leave the unhooked loop.)
        if done && !std::mem::take(&mut st.hook_handoff) {
            return Ok(());
        }
    }
}

/// The interpreter loop. `HOOKS`: the instance that fires line and count events before
/// every instruction, takes no fast call/return paths and never enters compiled code.
/// Returns `true` when the frame at depth `entry` has returned, `false` when the hook state
/// of the running thread no longer matches `HOOKS` (the top frame saved).
#[inline(never)]
fn run_loop<const HOOKS: bool>(st: &mut State, entry: usize) -> R<bool> {
    let th = st.cur;
    let tier_on = !HOOKS && st.tier.is_some();
    'frame: loop {
        if HOOKS && !crate::hooks::active(st) {
            return Ok(false);
        }
        let ci = *th.frames.last().unwrap();
        let Function::Lua(cl) = &*ci.closure else {
            unreachable!("native frame in run")
        };
        let cl: &LuaClosure = cl;
        let p = cl.proto;
        if tier_on {
            match crate::tier::frame_entry(st, p, ci.pc, entry) {
                crate::tier::Step::Interpret => {}
                crate::tier::Step::Done => return Ok(true),
                crate::tier::Step::Next => continue 'frame,
                crate::tier::Step::Fail(e) => return Err(e),
            }
        }
        // Raw pointers (no lengths): the verifier bounds every pc and constant index.
        let code: *const u32 = p.code.as_ptr();
        let k: *const Value = p.consts.as_ptr();
        let base = ci.base;
        let mut pc = ci.pc;
        let mut sp = ci.top;
        // (Hooked instance) the last instruction this frame executed, for line events: the
        // `CALL` before a resume point, none at a function's start.
        let mut hook_last = if pc == 0 { usize::MAX } else { pc - 1 };

        // Base of the value stack. Reloaded after anything that may grow (reallocate) it:
        // calls, metamethods, natives, frame pushes.
        // SAFETY: exclusive access to the running thread for this read.
        let mut stk: *mut Value = unsafe { th.get_mut() }.stack.as_mut_ptr();
        macro_rules! reload {
            () => {
                stk = t!().stack.as_mut_ptr()
            };
        }
        macro_rules! rd {
            ($i:expr) => {
                // SAFETY: verified code only addresses slots in [base, base + max_stack) (and
                // open results, for which the stack is grown explicitly); frame entry ensured
                // that capacity, and `stk` is reloaded whenever the stack may have moved.
                unsafe { *stk.add($i) }
            };
        }
        macro_rules! wr {
            ($i:expr, $v:expr) => {{
                let v = $v;
                // SAFETY: as in `rd`.
                unsafe { *stk.add($i) = v };
            }};
        }
        macro_rules! t {
            () => {
                // SAFETY: the interpreter is the only code touching the running thread while
                // an instruction executes; each reference lives for one expression.
                unsafe { th.get_mut() }
            };
        }
        macro_rules! save {
            () => {{
                let t = t!();
                let f = t.frames.last_mut().unwrap();
                f.pc = pc;
                f.top = sp;
                t.top = sp;
            }};
        }
        macro_rules! gc {
            () => {
                if st.heap.should_collect() {
                    save!();
                    st.full_gc();
                    if st.heap.over_limit() {
                        return Err(st.error_msg("not enough memory"));
                    }
                }
            };
        }
        // A taken loop back-edge: count it, and continue in compiled code once there is some
        // (on-stack replacement at the loop header `pc`).
        macro_rules! back_edge {
            () => {
                if tier_on && crate::tier::back_edge(st, p) {
                    save!();
                    continue 'frame;
                }
            };
        }
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                wr!(sp, v);
                sp += 1;
            }};
        }
        macro_rules! pop {
            () => {{
                sp -= 1;
                rd!(sp)
            }};
        }
        // Binary arithmetic on two values: the number fast path inline, metamethods and
        // coercions out of line.
        macro_rules! bin {
            ($a:expr, $b:expr, $op:expr, $f:expr) => {{
                let (a, b): (Value, Value) = ($a, $b);
                if a.is_number() && b.is_number() {
                    Value::number_arith($f(a.num_unchecked(), b.num_unchecked()))
                } else {
                    save!();
                    let r = arith_slow(st, $op, a, b)?;
                    reload!();
                    r
                }
            }};
        }
        // The fused arithmetic forms (see the opcode table): push L op L, push L op K, and the
        // store forms into a local.
        macro_rules! arith_ll {
            ($ins:ident, $op:expr, $f:expr) => {
                push!(bin!(
                    rd!(base + $ins.a8() as usize),
                    rd!(base + $ins.b16() as usize),
                    $op,
                    $f
                ))
            };
        }
        macro_rules! arith_lk {
            ($ins:ident, $op:expr, $f:expr) => {
                push!(bin!(
                    rd!(base + $ins.a8() as usize),
                    kst!($ins.b16() as usize),
                    $op,
                    $f
                ))
            };
        }
        macro_rules! arith_sll {
            ($ins:ident, $op:expr, $f:expr) => {
                wr!(
                    base + $ins.a8() as usize,
                    bin!(
                        rd!(base + $ins.b8() as usize),
                        rd!(base + $ins.c8() as usize),
                        $op,
                        $f
                    )
                )
            };
        }
        macro_rules! arith_slk {
            ($ins:ident, $op:expr, $f:expr) => {
                wr!(
                    base + $ins.a8() as usize,
                    bin!(
                        rd!(base + $ins.b8() as usize),
                        kst!($ins.c8() as usize),
                        $op,
                        $f
                    )
                )
            };
        }
        // The forms with the left operand on the stack top: top op L, top op K.
        macro_rules! arith_tl {
            ($ins:ident, $op:expr, $f:expr) => {
                wr!(
                    sp - 1,
                    bin!(rd!(sp - 1), rd!(base + $ins.a24() as usize), $op, $f)
                )
            };
        }
        macro_rules! arith_tk {
            ($ins:ident, $op:expr, $f:expr) => {
                wr!(
                    sp - 1,
                    bin!(rd!(sp - 1), kst!($ins.a24() as usize), $op, $f)
                )
            };
        }
        // `t[key] = v` for the store instructions: raw inline when no metamethod can be
        // involved, else the full path (`which`: the operand named in error messages).
        macro_rules! store {
            ($t:expr, $key:expr, $v:expr, $which:expr) => {{
                let (t, key, v): (Value, Value, Value) = ($t, $key, $v);
                if !fast_set(st, t, key, v) {
                    p.jit.note_offpath(pc - 1);
                    save!();
                    set_table(st, t, key, v, $which)?;
                    reload!();
                }
            }};
        }
        macro_rules! kst {
            ($i:expr) => {
                // SAFETY: the verifier checked the constant index.
                unsafe { *k.add($i) }
            };
        }
        // Compare-and-jump: operand A is a local, B is given; flags in C (2: jump when false,
        // 4: operands swapped); the jump offset is the data word that follows.
        macro_rules! cmpjump {
            ($ins:ident, $b:expr, $f:expr, $slow:ident) => {{
                let a = rd!(base + $ins.a8() as usize);
                let b: Value = $b;
                let flags = $ins.c8();
                let (x, y) = if flags & 4 != 0 { (b, a) } else { (a, b) };
                let c = if x.is_number() && y.is_number() {
                    $f(x.num_unchecked(), y.num_unchecked())
                } else {
                    save!();
                    let r = $slow(st, x, y)?;
                    reload!();
                    r
                };
                // SAFETY: the verifier checked that the data word exists.
                let off = unsafe { *code.add(pc) } as i32;
                pc += 1;
                if c != (flags & 2 != 0) {
                    pc = (pc as i64 + off as i64) as usize;
                }
            }};
        }
        macro_rules! eqjump {
            ($ins:ident, $b:expr) => {{
                let a = rd!(base + $ins.a8() as usize);
                let b: Value = $b;
                let c = if a.raw_eq(b) {
                    true
                } else if a.is_object() && b.is_object() {
                    save!();
                    let r = equals(st, a, b)?;
                    reload!();
                    r
                } else {
                    false
                };
                // SAFETY: the verifier checked that the data word exists.
                let off = unsafe { *code.add(pc) } as i32;
                pc += 1;
                if c != ($ins.c8() & 2 != 0) {
                    pc = (pc as i64 + off as i64) as usize;
                }
            }};
        }
        // Finish `t[key]` given the raw result `v`: a nil from a table with a metatable goes
        // through `__index` (inline for chains of tables, else the general path).
        macro_rules! complete_get {
            ($t:expr, $key:expr, $v:expr, field) => {{
                let v: Value = $v;
                if v.is_nil() {
                    note_absent(&p, pc - 1);
                }
                complete_get!($t, $key, v)
            }};
            ($t:expr, $key:expr, $v:expr) => {{
                let (t, key, v): (Value, Value, Value) = ($t, $key, $v);
                if v.is_nil() && !plain_table(t) {
                    p.jit.note_offpath(pc - 1);
                    match index_chain(st, t, key) {
                        Some(v) => v,
                        None => {
                            save!();
                            let r = get_table(st, t, key, Some(0))?;
                            reload!();
                            r
                        }
                    }
                } else {
                    v
                }
            }};
        }
        // Push `local A [key]` (GETFIELDL / GETTABLELL).
        macro_rules! getl {
            ($ins:ident, $key:expr) => {{
                let t = rd!(base + $ins.a8() as usize);
                let key: Value = $key;
                let v = fast_get(t, key).unwrap_or(Value::NIL);
                let v = complete_get!(t, key, v);
                push!(v);
            }};
        }
        macro_rules! arith {
            ($op:expr, $f:expr) => {{
                let b = rd!(sp - 1);
                let a = rd!(sp - 2);
                let r = if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                    Value::number_arith($f(x, y))
                } else {
                    save!();
                    {
                        let r = arith_slow(st, $op, a, b)?;
                        reload!();
                        r
                    }
                };
                sp -= 1;
                wr!(sp - 1, r);
            }};
        }

        loop {
            if HOOKS {
                if th.hook.mask & (Hook::LINE | Hook::COUNT) != 0 {
                    // The frame as if this instruction were fetched (getinfo's current line).
                    let t = t!();
                    let f = t.frames.last_mut().unwrap();
                    f.pc = pc + 1;
                    f.top = sp;
                    f.flags |= CallInfo::HOOKED;
                    t.top = sp;
                    let r = crate::hooks::on_instr(st, p, pc, hook_last);
                    if let Some(f) = t!().frames.last_mut() {
                        f.flags &= !CallInfo::HOOKED;
                    }
                    r?;
                    reload!();
                }
                hook_last = pc;
            }
            // SAFETY: verified code never runs past its last instruction (it ends in a
            // terminator and every jump target is in range).
            let ins = Instr(unsafe { *code.add(pc) });
            pc += 1;
            // SAFETY: verified code holds only valid opcode bytes.
            match unsafe { ins.op_unchecked() } {
                Op::Nop => {}
                Op::LoadNil => {
                    for _ in 0..ins.a24() {
                        push!(Value::NIL);
                    }
                }
                Op::LoadTrue => push!(Value::TRUE),
                Op::LoadFalse => push!(Value::FALSE),
                // SAFETY: the verifier checked the constant index.
                Op::LoadK => push!(unsafe { *k.add(ins.a24() as usize) }),
                Op::GetLocal => push!(rd!(base + ins.a24() as usize)),
                Op::SetLocal => {
                    let v = pop!();
                    wr!(base + ins.a24() as usize, v);
                }
                Op::GetUpval => {
                    // SAFETY: the verifier checked the index against the prototype's upvalue
                    // count, which is the length of every closure's `upvals`.
                    let u = unsafe { cl.upvals.get_unchecked(ins.a24() as usize) };
                    push!(u.get())
                }
                Op::SetUpval => {
                    let v = pop!();
                    // SAFETY: the index as in GETUPVAL; no reference to the upvalue or its
                    // thread's stack is live.
                    unsafe { Upval::set(*cl.upvals.get_unchecked(ins.a24() as usize), v) };
                }
                Op::GetGlobal => {
                    let key = kst!(ins.a24() as usize);
                    let env = cl.env;
                    let v = env.get(key);
                    let v = if v.is_nil() && env.meta.is_some() {
                        save!();
                        {
                            let r = get_table(st, Value::table(env), key, None)?;
                            reload!();
                            r
                        }
                    } else {
                        v
                    };
                    push!(v);
                }
                Op::SetGlobal => {
                    let v = pop!();
                    save!();
                    {
                        set_table(st, Value::table(cl.env), kst!(ins.a24() as usize), v, None)?;
                        reload!();
                    };
                }
                Op::GetTable => {
                    let key = rd!(sp - 1);
                    let t = rd!(sp - 2);
                    let v = fast_get(t, key).unwrap_or(Value::NIL);
                    let v = complete_get!(t, key, v);
                    sp -= 1;
                    wr!(sp - 1, v);
                }
                Op::GetFieldL => {
                    let t = rd!(base + ins.a8() as usize);
                    let key = kst!(ins.b16() as usize);
                    let v = fast_get(t, key).unwrap_or(Value::NIL);
                    // (An absent field is recorded: compiled code reads present ones inline.)
                    let v = complete_get!(t, key, v, field);
                    push!(v);
                }
                Op::GetTableLL => getl!(ins, rd!(base + ins.b16() as usize)),
                Op::GetField => {
                    let key = kst!(ins.a24() as usize);
                    let t = rd!(sp - 1);
                    let v = match (t.as_table(), key.as_string()) {
                        (Some(tb), Some(s)) => tb.get_str(s),
                        _ => Value::NIL,
                    };
                    // (An absent field is recorded: compiled code reads present ones inline.)
                    let v = complete_get!(t, key, v, field);
                    wr!(sp - 1, v);
                }
                Op::SetTable => {
                    let v = rd!(sp - 1);
                    let key = rd!(sp - 2);
                    let t = rd!(sp - 3);
                    store!(t, key, v, Some(0));
                    sp -= 3;
                }
                Op::SetField => {
                    let v = rd!(sp - 1);
                    let t = rd!(sp - 2);
                    let key = kst!(ins.a24() as usize);
                    store!(t, key, v, Some(0));
                    sp -= 2;
                }
                Op::SetTableLL => {
                    let v = rd!(sp - 1);
                    let t = rd!(base + ins.a8() as usize);
                    let key = rd!(base + ins.b16() as usize);
                    store!(t, key, v, Some(0));
                    sp -= 1;
                }
                Op::SetFieldL => {
                    let v = rd!(sp - 1);
                    let t = rd!(base + ins.a8() as usize);
                    let key = kst!(ins.b16() as usize);
                    store!(t, key, v, Some(0));
                    sp -= 1;
                }
                Op::SetIndex => {
                    let a = ins.a24() as usize;
                    let v = rd!(sp - 1);
                    let t = rd!(sp - 1 - a);
                    let key = rd!(sp - a);
                    store!(t, key, v, Some(0));
                    sp -= 1;
                }
                Op::TSet => {
                    let a = ins.a24() as usize;
                    let v = rd!(sp - 1);
                    let key = rd!(sp - 2);
                    let t = rd!(sp - 3 - a);
                    store!(t, key, v, None);
                    sp -= 2;
                }
                Op::SelfOp => {
                    let key = kst!(ins.a24() as usize);
                    let o = rd!(sp - 1);
                    // Method lookups mostly go through the class table: try the chain first.
                    // (A non-table, a string's method, goes to `complete_get`, which records
                    // it for the JIT.)
                    let m = match index_chain(st, o, key) {
                        Some(m) => m,
                        None => complete_get!(o, key, Value::NIL),
                    };
                    wr!(sp - 1, m);
                    push!(o);
                }
                Op::NewTable => {
                    let na = runtime::object::fb2int(ins.a8()) as usize;
                    let nh = runtime::object::fb2int(ins.b16()) as usize;
                    let tb = st.heap.alloc(Table::new(na, nh));
                    push!(Value::table(tb));
                    gc!();
                }
                Op::SetList => {
                    let a = base + ins.a8() as usize;
                    let n = if ins.b8() == 0 {
                        sp - a - 1
                    } else {
                        ins.b8() as usize - 1
                    };
                    // SAFETY: the verifier checked that SETLIST's data word exists.
                    let start = unsafe { *code.add(pc) } as usize;
                    pc += 1;
                    let Some(tb) = rd!(a).as_table() else {
                        // Only hostile (hand-made) bytecode gets here: the verifier cannot know types.
                        save!();
                        return Err(rt_error(st, "SETLIST target is not a table".into()));
                    };
                    // SAFETY: the new table is referenced only from the stack here.
                    let tm = unsafe { tb.get_mut() };
                    let last = start + n - 1;
                    if n > 0 && last > tm.array.len() {
                        tm.resize_array(&mut st.heap, last);
                    }
                    for i in 0..n {
                        tm.set_int(&mut st.heap, (start + i) as i64, rd!(a + 1 + i));
                    }
                    sp = a + 1;
                    gc!();
                }
                Op::Add => arith!(Arith::Add, |x: f64, y: f64| x + y),
                Op::Sub => arith!(Arith::Sub, |x: f64, y: f64| x - y),
                Op::Mul => arith!(Arith::Mul, |x: f64, y: f64| x * y),
                Op::Div => arith!(Arith::Div, |x: f64, y: f64| x / y),
                Op::Mod => arith!(Arith::Mod, lua_mod),
                Op::Pow => arith!(Arith::Pow, lua_pow),
                Op::AddLL => arith_ll!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::AddLK => arith_lk!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::SAddLL => arith_sll!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::SAddLK => arith_slk!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::SubLL => arith_ll!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::SubLK => arith_lk!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::SSubLL => arith_sll!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::SSubLK => arith_slk!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::MulLL => arith_ll!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::MulLK => arith_lk!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::SMulLL => arith_sll!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::SMulLK => arith_slk!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::DivLL => arith_ll!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::DivLK => arith_lk!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::SDivLL => arith_sll!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::SDivLK => arith_slk!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::ModLL => arith_ll!(ins, Arith::Mod, lua_mod),
                Op::ModLK => arith_lk!(ins, Arith::Mod, lua_mod),
                Op::SModLL => arith_sll!(ins, Arith::Mod, lua_mod),
                Op::SModLK => arith_slk!(ins, Arith::Mod, lua_mod),
                Op::PowLL => arith_ll!(ins, Arith::Pow, lua_pow),
                Op::AddTL => arith_tl!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::SubTL => arith_tl!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::MulTL => arith_tl!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::DivTL => arith_tl!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::ModTL => arith_tl!(ins, Arith::Mod, lua_mod),
                Op::PowTL => arith_tl!(ins, Arith::Pow, lua_pow),
                Op::AddTK => arith_tk!(ins, Arith::Add, |x: f64, y: f64| x + y),
                Op::SubTK => arith_tk!(ins, Arith::Sub, |x: f64, y: f64| x - y),
                Op::MulTK => arith_tk!(ins, Arith::Mul, |x: f64, y: f64| x * y),
                Op::DivTK => arith_tk!(ins, Arith::Div, |x: f64, y: f64| x / y),
                Op::ModTK => arith_tk!(ins, Arith::Mod, lua_mod),
                Op::PowTK => arith_tk!(ins, Arith::Pow, lua_pow),
                Op::PowLK => arith_lk!(ins, Arith::Pow, lua_pow),
                Op::SPowLL => arith_sll!(ins, Arith::Pow, lua_pow),
                Op::SPowLK => arith_slk!(ins, Arith::Pow, lua_pow),
                Op::Unm => {
                    let a = rd!(sp - 1);
                    let r = match a.as_number() {
                        Some(x) => Value::number_arith(-x),
                        None => {
                            save!();
                            {
                                let r = arith_slow(st, Arith::Unm, a, a)?;
                                reload!();
                                r
                            }
                        }
                    };
                    wr!(sp - 1, r);
                }
                Op::Not => {
                    let a = rd!(sp - 1);
                    wr!(sp - 1, Value::boolean(a.is_falsy()));
                }
                Op::Len => {
                    let a = rd!(sp - 1);
                    save!();
                    let r = {
                        let r = length(st, a)?;
                        reload!();
                        r
                    };
                    wr!(sp - 1, r);
                }
                Op::Concat => {
                    let n = ins.a24() as usize;
                    save!();
                    concat(st, sp - n, n)?;
                    reload!();
                    sp -= n - 1;
                    gc!();
                }
                Op::Eq | Op::Ne => {
                    let b = rd!(sp - 1);
                    let a = rd!(sp - 2);
                    let r = if a.raw_eq(b) {
                        true
                    } else if a.is_object() && b.is_object() {
                        save!();
                        {
                            let r = equals(st, a, b)?;
                            reload!();
                            r
                        }
                    } else {
                        false
                    };
                    sp -= 1;
                    wr!(sp - 1, Value::boolean(r == (ins.op() == Op::Eq)));
                }
                Op::Lt | Op::Le => {
                    let (mut a, mut b) = (rd!(sp - 2), rd!(sp - 1));
                    if ins.a24() == 1 {
                        std::mem::swap(&mut a, &mut b);
                    }
                    let r = if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                        if ins.op() == Op::Lt {
                            x < y
                        } else {
                            x <= y
                        }
                    } else {
                        save!();
                        if ins.op() == Op::Lt {
                            {
                                let r = less_than(st, a, b)?;
                                reload!();
                                r
                            }
                        } else {
                            {
                                let r = less_equal(st, a, b)?;
                                reload!();
                                r
                            }
                        }
                    };
                    sp -= 1;
                    wr!(sp - 1, Value::boolean(r));
                }
                Op::JLtLL => cmpjump!(
                    ins,
                    rd!(base + ins.b8() as usize),
                    |x: f64, y: f64| x < y,
                    less_than
                ),
                Op::JLtLK => cmpjump!(
                    ins,
                    kst!(ins.b8() as usize),
                    |x: f64, y: f64| x < y,
                    less_than
                ),
                Op::JLeLL => cmpjump!(
                    ins,
                    rd!(base + ins.b8() as usize),
                    |x: f64, y: f64| x <= y,
                    less_equal
                ),
                Op::JLeLK => cmpjump!(
                    ins,
                    kst!(ins.b8() as usize),
                    |x: f64, y: f64| x <= y,
                    less_equal
                ),
                Op::JEqLL => eqjump!(ins, rd!(base + ins.b8() as usize)),
                Op::JEqLK => eqjump!(ins, kst!(ins.b8() as usize)),
                Op::Jmp => {
                    pc = (pc as i64 + ins.sj24() as i64) as usize;
                    if ins.sj24() < 0 {
                        back_edge!();
                    }
                }
                Op::JmpF => {
                    let v = pop!();
                    if v.is_falsy() {
                        pc = (pc as i64 + ins.sj24() as i64) as usize;
                    }
                }
                Op::JmpT => {
                    let v = pop!();
                    if v.is_truthy() {
                        pc = (pc as i64 + ins.sj24() as i64) as usize;
                    }
                }
                Op::AndJ => {
                    if rd!(sp - 1).is_falsy() {
                        pc = (pc as i64 + ins.sj24() as i64) as usize;
                    } else {
                        sp -= 1;
                    }
                }
                Op::OrJ => {
                    if rd!(sp - 1).is_truthy() {
                        pc = (pc as i64 + ins.sj24() as i64) as usize;
                    } else {
                        sp -= 1;
                    }
                }
                Op::Call | Op::TailCall => {
                    let func = base + ins.a8() as usize;
                    if ins.b8() != 0 {
                        sp = func + ins.b8() as usize;
                    }
                    // Fast path: a plain call of a Lua function with fixed parameters whose
                    // frame fits the stack as it is. The same frame `push_lua_frame` builds,
                    // without its checks for varargs, growth and `arg`.
                    if HOOKS {
                        // Every call goes through `push_lua_frame` (the call event).
                    } else if ins.op() == Op::Call {
                        if let Some(f) = rd!(func).as_function() {
                            if let Function::Lua(callee) = &*f {
                                let q = callee.proto;
                                let t = t!();
                                let nb = func + 1;
                                if !q.is_vararg
                                    && nb + (q.max_stack as usize) < t.stack.len()
                                    && t.frames.len() < st.max_frames
                                {
                                    let nargs = sp - nb;
                                    let ns = q.num_slots as usize;
                                    for i in nargs.min(q.num_params as usize)..ns {
                                        wr!(nb + i, Value::NIL);
                                    }
                                    if let Some(c) = t.frames.last_mut() {
                                        c.pc = pc;
                                        c.top = sp;
                                    }
                                    t.top = nb + ns;
                                    t.frames.push(CallInfo {
                                        func,
                                        base: nb,
                                        pc: 0,
                                        top: nb + ns,
                                        nresults: ins.c8() as i32 - 1,
                                        nvarargs: 0,
                                        flags: 0,
                                        tailcalls: 0,
                                        closure: f,
                                    });
                                    continue 'frame;
                                }
                            }
                        }
                    } else if tail_call_fast(st, func, sp, base) {
                        continue 'frame;
                    }
                    save!();
                    // Natives other than pcall/xpcall stay in the loop (an out-of-line call
                    // per native call cost coroutines 9 %).
                    if let Some(f) = rd!(func).as_function() {
                        if let Function::Native(nc) = &*f {
                            let nf = nc.f as *const ();
                            if !std::ptr::eq(nf, crate::base::pcall as *const ())
                                && !std::ptr::eq(nf, crate::base::xpcall as *const ())
                            {
                                let nresults = if ins.op() == Op::Call {
                                    ins.c8() as i32 - 1
                                } else {
                                    -1
                                };
                                let n = call_native::<HOOKS>(st, func, sp - func - 1, nresults, f)?;
                                reload!();
                                sp = func + n;
                                // `debug.sethook` (or a coroutine switch) may have changed
                                // which loop instance this thread needs.
                                if HOOKS != (th.hook.mask != 0) {
                                    save!();
                                    return Ok(false);
                                }
                                gc!();
                                continue;
                            }
                        }
                    }
                    match call_slow::<HOOKS>(st, ins, func)? {
                        CallOut::Frame => continue 'frame,
                        CallOut::Results(top) => {
                            sp = top;
                            reload!();
                        }
                        CallOut::Switch => return Ok(false),
                    }
                }
                Op::Return => {
                    let first = base + ins.a8() as usize;
                    let n = if ins.b16() == 0 {
                        sp - first
                    } else {
                        ins.b16() as usize - 1
                    };
                    sp = first + n;
                    // Fast path: a plain frame (no pcall, not the entry frame) returning to a
                    // Lua caller that wants at most one value, or all of at most one
                    // (`f(g(x))`: g's results are the open last argument).
                    if !HOOKS {
                        let t = t!();
                        let depth = t.frames.len();
                        if let Some(&ci) = t.frames.last() {
                            let want = ci.nresults;
                            // (A tail call's mark only matters to tracebacks.)
                            if ci.flags & !CallInfo::TAIL == 0
                                && depth - 1 > entry
                                && ((0..=1).contains(&want) || (want == -1 && n <= 1))
                            {
                                if !t.open_upvals.is_empty() {
                                    close_upvals(t, ci.base.min(ci.func + 1));
                                }
                                let dest = ci.func;
                                let count = if want < 0 { n } else { want as usize };
                                if count == 1 {
                                    wr!(dest, if n > 0 { rd!(first) } else { Value::NIL });
                                }
                                t.frames.pop();
                                if let Some(c) = t.frames.last_mut() {
                                    c.top = dest + count;
                                }
                                t.top = dest + count;
                                continue 'frame;
                            }
                        }
                    }
                    save!();
                    if HOOKS {
                        crate::hooks::on_return(st)?;
                    }
                    if let Some(()) = do_return(st, first, n, entry)? {
                        return Ok(true);
                    }
                    continue 'frame;
                }
                Op::Vararg => {
                    // Read from the frame here, not at frame entry: only vararg functions
                    // need it.
                    let nvar = t!().frames.last().map_or(0, |c| c.nvarargs as usize);
                    let want = if ins.a24() == 0 {
                        nvar
                    } else {
                        ins.a24() as usize - 1
                    };
                    let t = t!();
                    t.ensure(sp + want + 1);
                    for i in 0..want {
                        t.stack[sp + i] = if i < nvar {
                            t.stack[base - nvar + i]
                        } else {
                            Value::NIL
                        };
                    }
                    sp += want;
                    reload!();
                }
                Op::Closure => {
                    let child = p.protos[ins.a24() as usize];
                    save!();
                    let f = new_closure(st, cl, child, base);
                    push!(Value::function(f));
                    gc!();
                }
                Op::Close => close_upvals(t!(), base + ins.a24() as usize),
                Op::Pop => sp -= ins.a24() as usize,
                Op::ForPrep => {
                    let a = base + ins.a8() as usize;
                    let step = pop!();
                    let limit = pop!();
                    let init = pop!();
                    save!();
                    let Some(i) = to_number(init) else {
                        return Err(rt_error(st, "'for' initial value must be a number".into()));
                    };
                    let Some(l) = to_number(limit) else {
                        return Err(rt_error(st, "'for' limit must be a number".into()));
                    };
                    let Some(s) = to_number(step) else {
                        return Err(rt_error(st, "'for' step must be a number".into()));
                    };
                    wr!(a, Value::number(i - s));
                    wr!(a + 1, Value::number(l));
                    wr!(a + 2, Value::number(s));
                    pc = (pc as i64 + ins.sj16() as i64) as usize;
                }
                Op::ForLoop => {
                    let a = base + ins.a8() as usize;
                    let s = rd!(a + 2).num_unchecked();
                    let i = rd!(a).num_unchecked() + s;
                    let l = rd!(a + 1).num_unchecked();
                    if if s > 0.0 { i <= l } else { l <= i } {
                        wr!(a, Value::number(i));
                        wr!(a + 3, Value::number(i));
                        pc = (pc as i64 + ins.sj16() as i64) as usize;
                        back_edge!();
                    }
                }
                Op::TForLoop => {
                    let a = base + ins.a8() as usize;
                    let v = rd!(a + 3);
                    if !v.is_nil() {
                        wr!(a + 2, v);
                        pc = (pc as i64 + ins.sj16() as i64) as usize;
                        back_edge!();
                    }
                }
            }
        }
    }
}

/// What the general path of `CALL`/`TAILCALL` left the interpreter loop to do.
enum CallOut {
    /// Run the top frame (a Lua callee was pushed, or a tail call replaced the frame).
    Frame,
    /// A native returned; the operand stack top is now this.
    Results(usize),
    /// The thread's hook state changed: leave this loop instance (the frame is saved).
    Switch,
}

/// Publish the running frame's operand stack top.
fn save_top(st: &mut State, sp: usize) {
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { st.cur.get_mut() };
    if let Some(f) = t.frames.last_mut() {
        f.top = sp;
    }
    t.top = sp;
}

/// The interpreter loop's collection point after a call, out of line.
fn gc_check(st: &mut State, sp: usize) -> R<()> {
    if st.heap.should_collect() {
        save_top(st, sp);
        st.full_gc();
        if st.heap.over_limit() {
            return Err(st.error_msg("not enough memory"));
        }
    }
    Ok(())
}

/// The general path of `CALL` and `TAILCALL` (natives, `pcall`/`xpcall` frames, `__call`,
/// vararg callees, stack growth, tail calls the fast path declined), out of the interpreter
/// loop so that its rare cases do not weigh on the loop's register allocation. The frame's pc
/// and top are saved; the function is at `func` and its arguments above it up to the thread's
/// top.
#[inline(never)]
fn call_slow<const HOOKS: bool>(st: &mut State, ins: Instr, func: usize) -> R<CallOut> {
    let th = st.cur;
    let base = {
        // SAFETY: exclusive access to the running thread.
        let t = unsafe { th.get_mut() };
        t.frames.last().map_or(0, |c| c.base)
    };
    macro_rules! t {
        () => {
            // SAFETY: exclusive access to the running thread; each reference lives for one
            // expression.
            unsafe { th.get_mut() }
        };
    }

    let nresults = if ins.op() == Op::Call {
        ins.c8() as i32 - 1
    } else {
        -1
    };
    let f = match t!().stack[func].as_function() {
        Some(f) => f,
        None => {
            // Only now look up the callee's name, for the error message.
            let name = operand_name(st, 0);
            resolve_callable(st, func, name.as_ref().map(|(k, s)| (*k, s.as_str())))?
        }
    };
    let mut sp = th.top;
    let nargs = sp - func - 1;
    let is_pcall = matches!(&*f, Function::Native(nc) if std::ptr::eq(nc.f as *const (), crate::base::pcall as *const ()));
    let is_xpcall = nargs >= 2
        && matches!(&*f, Function::Native(nc) if std::ptr::eq(nc.f as *const (), crate::base::xpcall as *const ()))
        && matches!(
            t!().stack[func + 1].as_function().as_deref(),
            Some(Function::Lua(_))
        );
    if is_xpcall {
        // xpcall(f, h) with a Lua f: h moves to the xpcall slot, f runs as a
        // protected frame with no arguments; errors call h before unwinding.
        let g = t!().stack[func + 1].as_function().unwrap();
        let t = t!();
        t.stack[func] = t.stack[func + 2];
        t.top = func + 2;
        push_lua_frame(
            st,
            func + 1,
            0,
            nresults,
            CallInfo::PCALL | CallInfo::XPCALL,
            g,
        )?;
        return Ok(CallOut::Frame);
    }
    match &*f {
        Function::Native(_) if is_pcall && nargs >= 1 => {
            // Protected call as a frame: no Rust recursion, so deep recursion
            // and (later) yields work inside it.
            let inner = func + 1;
            // pcall's own (native) frame, up to the stack top `top`.
            let pcall_frame = |top| CallInfo {
                func,
                base: func + 1,
                pc: 0,
                top,
                nresults,
                nvarargs: 0,
                flags: CallInfo::NATIVE,
                tailcalls: 0,
                closure: f,
            };
            // Resolve the callee as pcall (a C function) would: errors carry no
            // position.
            t!().frames.push(pcall_frame(th.top));
            let resolved = resolve_callable(st, inner, None);
            t!().frames.pop();
            match resolved {
                Ok(g) if matches!(&*g, Function::Lua(_)) => {
                    let nargs2 = th.top - inner - 1;
                    push_lua_frame(st, inner, nargs2, nresults, CallInfo::PCALL, g)?;
                    return Ok(CallOut::Frame);
                }
                Ok(g) => {
                    let nargs2 = th.top - inner - 1;
                    let my_depth = th.frames.len();
                    // A frame for pcall itself, so `error` at level 1 sees a C
                    // caller (no position), as in Lua 5.1.
                    t!().frames.push(pcall_frame(th.top));
                    // A native run by pcall is a C call boundary for yields.
                    st.c_depth += 1;
                    let r = call_native::<HOOKS>(st, inner, nargs2, -1, g);
                    st.c_depth -= 1;
                    t!().frames.truncate(my_depth);
                    let t = t!();
                    let n = match r {
                        Ok(n) => {
                            t.stack[func] = Value::TRUE;
                            n + 1
                        }
                        Err(e) => {
                            t.frames.truncate(my_depth);
                            t.stack[func] = Value::FALSE;
                            t.stack[func + 1] = e.value;
                            2
                        }
                    };
                    t.top = func + n;
                    sp = func + move_results(t, func, n, func, nresults);
                }
                Err(e) => {
                    let t = t!();
                    t.stack[func] = Value::FALSE;
                    t.stack[func + 1] = e.value;
                    t.top = func + 2;
                    sp = func + move_results(t, func, 2, func, nresults);
                }
            }
            gc_check(st, sp)?;
        }
        Function::Native(_) => {
            // (pcall without arguments, xpcall of a native: other natives are called by
            // the loop itself.)
            sp = func + call_native::<HOOKS>(st, func, nargs, nresults, f)?;
            // `debug.sethook` (or a coroutine switch) may have changed which
            // loop instance this thread needs.
            if HOOKS != (th.hook.mask != 0) {
                save_top(st, sp);
                return Ok(CallOut::Switch);
            }
            gc_check(st, sp)?;
        }
        Function::Lua(_) => {
            if ins.op() == Op::TailCall {
                // Replace the current frame (a proper tail call).
                let t = t!();
                close_upvals(t, base);
                let cur = t.frames.pop().unwrap();
                let n = sp - func;
                t.stack.copy_within(func..sp, cur.func);
                t.top = cur.func + n;
                let flags = (cur.flags & (CallInfo::ENTRY | CallInfo::PCALL | CallInfo::XPCALL))
                    | CallInfo::TAIL;
                push_lua_frame(st, cur.func, n - 1, cur.nresults, flags, f)?;
                if let Some(c) = t!().frames.last_mut() {
                    c.tailcalls = cur.tailcalls.saturating_add(1);
                }
            } else {
                push_lua_frame(st, func, nargs, nresults, 0, f)?;
            }
            return Ok(CallOut::Frame);
        }
    }
    Ok(CallOut::Results(sp))
}

/// Return `n` values at `first` from the running frame. `Some(())` when the entry frame
/// returned (the caller of `execute` takes over), `None` to continue with the caller frame.
#[inline(always)]
pub(crate) fn do_return(st: &mut State, first: usize, n: usize, entry: usize) -> R<Option<()>> {
    // SAFETY: exclusive access to the running thread.
    let t = unsafe { st.cur.get_mut() };
    let ci = t.frames.pop().unwrap();
    close_upvals(t, ci.base.min(ci.func + 1));
    if ci.flags & CallInfo::PCALL != 0 {
        // Results of a protected call: true, values... at the pcall slot.
        let dest = ci.func - 1;
        t.stack[dest] = Value::TRUE;
        t.stack.copy_within(first..first + n, dest + 1);
        t.top = dest + 1 + n;
        let count = move_results(t, dest, n + 1, dest, ci.nresults);
        if let Some(c) = t.frames.last_mut() {
            c.top = dest + count;
        }
        if ci.flags & CallInfo::ENTRY != 0 || t.frames.len() <= entry {
            return Ok(Some(()));
        }
        return Ok(None);
    }
    let count = move_results(t, first, n, ci.func, ci.nresults);
    if ci.flags & CallInfo::ENTRY != 0 || t.frames.len() <= entry {
        return Ok(Some(()));
    }
    let c = t.frames.last_mut().unwrap();
    c.top = ci.func + count;
    st.check_gc();
    Ok(None)
}
