//! The `coroutine` library: create, resume, yield, status, wrap, running.
//!
//! Each coroutine is a `Thread` with its own value stack and frames. `resume` switches
//! `State::cur` to it and runs its frames with a nested `execute` (one Rust level per active
//! resume, bounded by `State::max_c_depth`). `yield` is a native that returns a marked `Err`
//! (`State::yielding`): `execute` passes it up without unwinding, so the coroutine's frames,
//! including the yield's own native frame, stay as they are. The next `resume` completes that
//! native frame with the resume arguments as its results and continues the Lua frame below it.
//!
//! A yield is refused ("attempt to yield across metamethod/C-call boundary") when a Rust-level
//! call lies between it and its resume (a metamethod, a native calling Lua, `pcall` of a
//! native), detected by comparing `State::c_depth` with the depth recorded at resume. Yields
//! from Lua functions under `pcall` work: `pcall` of a Lua function is a frame flag.

use crate::vm::{execute, move_results, push_lua_frame};
use runtime::object::{CallInfo, CoStatus, Function, NativeClosure, Thread};
use runtime::state::{LuaError, State};
use runtime::{Gc, Value};

type R = Result<usize, LuaError>;

pub fn open(st: &mut State) {
    st.register_lib(
        "coroutine",
        &[
            ("create", create),
            ("resume", resume),
            ("yield", yield_),
            ("status", status),
            ("wrap", wrap),
            ("running", running),
        ],
    );
}

fn check_co(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    fname: &str,
) -> Result<Gc<Thread>, LuaError> {
    let v = st.arg(base, nargs, i);
    match v.as_thread() {
        Some(t) => Ok(t),
        None => Err(st.arg_error(i + 1, fname, "coroutine expected")),
    }
}

fn create(st: &mut State, base: usize, nargs: usize) -> R {
    let f = st.arg(base, nargs, 0);
    let is_lua = matches!(f.as_function().as_deref(), Some(Function::Lua(_)));
    if !is_lua {
        return Err(st.arg_error(1, "create", "Lua function expected"));
    }
    let mut th = Thread::new(64);
    th.body = f.as_function();
    th.env = Some(st.globals);
    // (No hook: Lua 5.1 copies the creator's C-level hook, but the Lua function behind it is
    // looked up per thread and a new thread has none, so nothing fires.)
    th.stack[0] = f;
    th.top = 1;
    let co = st.heap.alloc(th);
    st.push(Value::thread(co));
    Ok(1)
}

/// The arguments of a resume, copied out of the resumer's stack: inline up to a few values
/// (a ping-pong resume allocated two vectors per switch before).
struct Args {
    inline: [Value; 6],
    more: Vec<Value>,
    n: usize,
}

impl Args {
    fn collect(st: &State, base: usize, nargs: usize, first: usize) -> Args {
        let n = nargs.saturating_sub(first);
        let mut a = Args {
            inline: [Value::NIL; 6],
            more: Vec::new(),
            n,
        };
        if n <= a.inline.len() {
            for (k, i) in (first..nargs).enumerate() {
                a.inline[k] = st.arg(base, nargs, i);
            }
        } else {
            a.more = (first..nargs).map(|i| st.arg(base, nargs, i)).collect();
        }
        a
    }

    fn as_slice(&self) -> &[Value] {
        if self.n <= self.inline.len() {
            &self.inline[..self.n]
        } else {
            &self.more
        }
    }
}

/// Push the values `co.stack[from..to]` (results of a resume) on the running thread.
fn push_from(st: &mut State, co: Gc<Thread>, from: usize, to: usize) {
    for i in from..to {
        let v = co.stack[i];
        st.push(v);
    }
}

/// Resume `co` with `args`; returns Ok(range of `co`'s stack holding the values: yielded or
/// returned) or Err(error value). Shared by resume and wrap.
fn do_resume(st: &mut State, co: Gc<Thread>, args: &[Value]) -> Result<(usize, usize), Value> {
    if co.status != CoStatus::Suspended || co == st.cur {
        let what = match co.status {
            CoStatus::Dead => "dead",
            CoStatus::Running => "running",
            CoStatus::Normal => "normal",
            CoStatus::Suspended => "running",
        };
        return Err(st.intern_str(&format!("cannot resume {what} coroutine")));
    }
    if st.c_depth >= st.max_c_depth {
        return Err(st.intern_str("C stack overflow"));
    }
    let prev = st.cur;
    // The resumer stays a root while it waits.
    st.extra_roots.push(Value::thread(prev));
    // SAFETY: exclusive access to the two threads during the switch.
    unsafe {
        prev.get_mut().status = CoStatus::Normal;
        co.get_mut().status = CoStatus::Running;
    }
    st.cur = co;
    // Switch global tables: the resumer's waits in its thread (a root while it waits).
    // SAFETY: as above.
    unsafe {
        prev.get_mut().env = Some(st.globals);
    }
    if let Some(e) = co.env {
        st.globals = e;
    }
    st.c_depth += 1;
    let depth = st.c_depth;
    // SAFETY: as above.
    unsafe { co.get_mut() }.base_depth = depth;
    let result = run_coroutine(st, co, args);
    st.c_depth -= 1;
    st.cur = prev;
    // SAFETY: as above.
    unsafe {
        co.get_mut().env = Some(st.globals);
        if let Some(e) = prev.get_mut().env.take() {
            st.globals = e;
        }
    }
    st.extra_roots.pop();
    // SAFETY: as above.
    unsafe { prev.get_mut() }.status = CoStatus::Running;
    let yielded = std::mem::replace(&mut st.yielding, false);
    // SAFETY: as above.
    let c = unsafe { co.get_mut() };
    match result {
        Ok(()) => {
            // Returned: the results are the whole stack from slot 0 (where the body was).
            // (Left in place above the new top: nothing runs on `co` before they are read.)
            c.status = CoStatus::Dead;
            let n = c.top;
            c.top = 0;
            c.frames.clear();
            Ok((0, n))
        }
        Err(_) if yielded => {
            c.status = CoStatus::Suspended;
            let f = *c.frames.last().expect("yield frame");
            Ok((f.base, c.top))
        }
        Err(e) => {
            c.status = CoStatus::Dead;
            Err(e.value)
        }
    }
}

fn run_coroutine(st: &mut State, co: Gc<Thread>, args: &[Value]) -> Result<(), LuaError> {
    // SAFETY: exclusive access to the coroutine's thread.
    let c = unsafe { co.get_mut() };
    if c.frames.is_empty() {
        // First resume: call the body with the arguments.
        let f = c.stack[0].as_function().expect("coroutine body");
        c.ensure(1 + args.len() + 1);
        c.stack[1..1 + args.len()].copy_from_slice(args);
        c.top = 1 + args.len();
        push_lua_frame(st, 0, args.len(), -1, CallInfo::ENTRY, f)?;
    } else {
        // Complete the pending yield: its frame returns the resume arguments.
        let yf = c.frames.pop().expect("yield frame");
        c.ensure(c.top + args.len() + 1);
        let at = c.top;
        c.stack[at..at + args.len()].copy_from_slice(args);
        c.top = at + args.len();
        let n = move_results(c, at, args.len(), yf.func, yf.nresults);
        if let Some(caller) = c.frames.last_mut() {
            caller.top = yf.func + n;
        }
    }
    execute(st, 0)
}

fn resume(st: &mut State, base: usize, nargs: usize) -> R {
    let co = check_co(st, base, nargs, 0, "resume")?;
    let args = Args::collect(st, base, nargs, 1);
    match do_resume(st, co, args.as_slice()) {
        Ok((from, to)) => {
            st.push(Value::TRUE);
            push_from(st, co, from, to);
            Ok(to - from + 1)
        }
        Err(e) => {
            st.push(Value::FALSE);
            st.push(e);
            Ok(2)
        }
    }
}

fn yield_(st: &mut State, _base: usize, _nargs: usize) -> R {
    let cur = st.cur;
    if cur == st.main || st.c_depth != cur.base_depth {
        return Err(st.error_msg("attempt to yield across metamethod/C-call boundary"));
    }
    st.yielding = true;
    Err(LuaError::new(Value::NIL))
}

fn status(st: &mut State, base: usize, nargs: usize) -> R {
    let co = check_co(st, base, nargs, 0, "status")?;
    let s = if co == st.cur {
        "running"
    } else {
        match co.status {
            CoStatus::Suspended => "suspended",
            CoStatus::Running => "running",
            CoStatus::Normal => "normal",
            CoStatus::Dead => "dead",
        }
    };
    let v = st.intern_str(s);
    st.push(v);
    Ok(1)
}

fn running(st: &mut State, _base: usize, _nargs: usize) -> R {
    let v = if st.cur == st.main {
        Value::NIL
    } else {
        Value::thread(st.cur)
    };
    st.push(v);
    Ok(1)
}

fn wrap(st: &mut State, base: usize, nargs: usize) -> R {
    create(st, base, nargs)?;
    let co = st.stack()[st.top() - 1];
    let env = st.globals;
    let f = st.heap.alloc(Function::Native(NativeClosure {
        f: wrapped,
        name: "wrap",
        upvals: Box::new([co]),
        env,
    }));
    st.set_top(st.top() - 1);
    st.push(Value::function(f));
    Ok(1)
}

/// The function `coroutine.wrap` returns: resume, and re-raise errors (with the caller's
/// position prepended to string messages, as 5.1's `auxwrap` does).
fn wrapped(st: &mut State, base: usize, nargs: usize) -> R {
    let me = st.cur.frames.last().map(|f| f.closure).expect("wrap frame");
    let Function::Native(nc) = &*me else {
        unreachable!()
    };
    let co = nc.upvals[0].as_thread().expect("wrap upvalue");
    let args = Args::collect(st, base, nargs, 0);
    match do_resume(st, co, args.as_slice()) {
        Ok((from, to)) => {
            push_from(st, co, from, to);
            Ok(to - from)
        }
        Err(e) => {
            if e.is_string() || e.is_number() {
                let w = st.where_(1);
                let msg = st.tostring_basic(e);
                return Err(st.error_msg(format!("{w}{msg}")));
            }
            Err(LuaError::new(e))
        }
    }
}
