//! The `debug` library: traceback, getinfo, getlocal/setlocal, getupvalue/setupvalue,
//! getmetatable/setmetatable, getregistry, getfenv/setfenv, sethook/gethook (`crate::hooks`)
//! and the interactive `debug.debug`.
//!
//! `debug.setlocal` writes a frame's slot in memory. Compiled code (`--jit`) keeps some locals
//! in registers across calls; a frame that is running compiled code when a function it
//! called sets one of its locals may not see the new value (interpreted frames, and every
//! frame while a hook is set, always do).

use crate::traceback::{level_function, level_line, level_name, levels, traceback_from, Level};
use runtime::object::Function;
use runtime::state::{LuaError, State};
use runtime::{Gc, Value};

type R = Result<usize, LuaError>;

pub fn open(st: &mut State) {
    st.register_lib(
        "debug",
        &[
            ("traceback", traceback),
            ("getinfo", getinfo),
            ("getlocal", getlocal),
            ("setlocal", setlocal),
            ("sethook", sethook),
            ("gethook", gethook),
            ("debug", debug),
            ("getupvalue", getupvalue),
            ("setupvalue", setupvalue),
            ("getmetatable", getmetatable),
            ("setmetatable", setmetatable),
            ("getregistry", getregistry),
            ("getfenv", getfenv),
            ("setfenv", setfenv),
        ],
    );
}

fn traceback(st: &mut State, base: usize, nargs: usize) -> R {
    // debug.traceback([thread,] [message [, level]]): another thread's levels start at 0.
    let (thread, base, nargs) = match st.arg(base, nargs, 0).as_thread() {
        Some(t) => (Some(t), base + 1, nargs - 1),
        None => (None, base, nargs),
    };
    let msg = st.arg(base, nargs, 0);
    let other = thread.is_some_and(|t| t != st.cur);
    let level = match st.arg(base, nargs, 1).as_number() {
        Some(n) => n.max(0.0) as usize,
        None if other => 0,
        None => 1,
    };
    if nargs > 0 && !(msg.is_string() || msg.is_number()) {
        st.push(msg);
        return Ok(1);
    }
    let tb = match thread {
        Some(t) if other => {
            // Render the other thread's levels: they are read through `st.cur`, which is put
            // back at once (nothing runs or allocates meanwhile).
            let cur = std::mem::replace(&mut st.cur, t);
            let tb = traceback_from(st, level);
            st.cur = cur;
            tb
        }
        _ => traceback_from(st, level),
    };
    let text = if nargs == 0 || msg.is_nil() {
        tb
    } else {
        format!("{}\n{}", st.tostring_basic(msg), tb)
    };
    if msg.is_nil() && nargs > 0 {
        st.push(Value::NIL);
        return Ok(1);
    }
    let v = st.intern_str(&text);
    st.push(v);
    Ok(1)
}

fn set(st: &mut State, t: Gc<runtime::object::Table>, k: &str, v: Value) {
    let key = st.intern_str(k);
    let _ = st.raw_set(t, key, v);
}

/// Lua 5.1's `source` guessed from the shown name (prototypes read from `.bc` files, which
/// keep only that): "@file" for files, "=name" for special names, else the shown name.
fn source_of(short: &str) -> String {
    if short.starts_with("[string") {
        short.to_string()
    } else if matches!(short, "(command line)" | "stdin" | "(load)" | "=stdin") {
        format!("={short}")
    } else {
        format!("@{short}")
    }
}

fn getinfo(st: &mut State, base: usize, nargs: usize) -> R {
    // debug.getinfo([thread,] function or level [, what]).
    // `off`: where the arguments after the thread start (error messages count from 1).
    let thread = st.arg(base, nargs, 0).as_thread();
    let off = thread.is_some() as usize;
    let target = st.arg(base, nargs, off);
    let what = if st.arg(base, nargs, off + 1).is_nil() {
        "flnSu".to_string()
    } else {
        st.check_string(base, nargs, off + 1, "getinfo")?
            .to_str_lossy()
            .into_owned()
    };
    // What the level says, read before anything allocates: another thread's levels are read
    // through `st.cur`, swapped in for just this.
    let (func, level, line, name) = if target.is_function() {
        (target, None, -1, None)
    } else {
        let Some(n) = runtime::state::to_number(target) else {
            return Err(st.arg_error(off + 1, "getinfo", "function or level expected"));
        };
        let n = n as i64;
        let cur = st.cur;
        if let Some(t) = thread {
            st.cur = t;
        }
        let all = levels(st);
        let found = (n >= 0 && (n as usize) < all.len()).then(|| {
            let l = all[n as usize];
            (
                level_function(st, l),
                Some(l),
                level_line(st, l),
                level_name(st, l),
            )
        });
        st.cur = cur;
        match found {
            Some(f) => f,
            None => {
                st.push(Value::NIL);
                return Ok(1);
            }
        }
    };
    let t = st.new_table(0, 12);
    for c in what.chars() {
        match c {
            'S' => {
                let (src, short, what, ld, lld) = match func.as_function().as_deref() {
                    Some(Function::Lua(cl)) => {
                        let p = cl.proto;
                        let w = if p.line_defined == 0 { "main" } else { "Lua" };
                        (
                            match &p.chunkname {
                                Some(n) => n.to_string(),
                                None => source_of(&p.source),
                            },
                            p.source.to_string(),
                            w,
                            p.line_defined as f64,
                            p.last_line as f64,
                        )
                    }
                    _ if matches!(level, Some(Level::Tail)) => (
                        "=(tail call)".into(),
                        "(tail call)".into(),
                        "tail",
                        -1.0,
                        -1.0,
                    ),
                    _ => ("=[C]".into(), "[C]".into(), "C", -1.0, -1.0),
                };
                let v = st.intern_str(&src);
                set(st, t, "source", v);
                let v = st.intern_str(&short);
                set(st, t, "short_src", v);
                let v = st.intern_str(what);
                set(st, t, "what", v);
                set(st, t, "linedefined", Value::number(ld));
                set(st, t, "lastlinedefined", Value::number(lld));
            }
            'l' => set(st, t, "currentline", Value::number(line as f64)),
            'u' => {
                let n = match func.as_function().as_deref() {
                    Some(Function::Lua(cl)) => cl.upvals.len(),
                    Some(Function::Native(nc)) => nc.upvals.len(),
                    None => 0,
                };
                set(st, t, "nups", Value::number(n as f64));
            }
            'n' => {
                if let Some(info) = &name {
                    let v = st.intern_str(&info.name);
                    set(st, t, "name", v);
                    let v = st.intern_str(info.kind.as_str());
                    set(st, t, "namewhat", v);
                } else {
                    let v = st.intern_str("");
                    set(st, t, "namewhat", v);
                    if matches!(level, Some(Level::Tail)) {
                        // Lua 5.1's tail pseudo-level has an empty name, not none.
                        set(st, t, "name", v);
                    }
                }
            }
            'f' => set(st, t, "func", func),
            'L' => {
                if let Some(Function::Lua(cl)) = func.as_function().as_deref() {
                    let lines = st.new_table(0, 8);
                    for &l in cl.proto.lines.iter() {
                        let _ = st.raw_set(lines, Value::number(l as f64), Value::TRUE);
                    }
                    set(st, t, "activelines", Value::table(lines));
                }
            }
            '>' => {}
            _ => return Err(st.arg_error(off + 2, "getinfo", "invalid option")),
        }
    }
    st.push(Value::table(t));
    Ok(1)
}

/// The local `idx` (1-based, as `debug.getlocal` numbers them) of the frame at `level` of
/// thread `th`: its name and stack index. `Err` for a level out of range, `Ok(None)` for no
/// such local.
fn local_ref(
    st: &mut State,
    th: Gc<runtime::object::Thread>,
    level: i64,
    idx: i64,
    fname: &str,
    off: usize,
) -> Result<Option<(String, usize)>, LuaError> {
    if level < 0 {
        // 5.1's lua_getstack takes a negative level for a lost tail call: no locals.
        return Ok(None);
    }
    let cur = std::mem::replace(&mut st.cur, th);
    let all = levels(st);
    st.cur = cur;
    let Some(Level::Frame(i)) = (level >= 0)
        .then(|| all.get(level as usize).copied())
        .flatten()
    else {
        if level < 0 || level as usize >= all.len() {
            return Err(st.arg_error(off + 1, fname, "level out of range"));
        }
        return Ok(None);
    };
    let ci = th.frames[i];
    if idx < 1 {
        return Ok(None);
    }
    let n = idx as usize;
    // Past the named locals, the frame's other stack values are "(*temporary)", up to the
    // next frame's function or the top (5.1's findlocal): a native's arguments, a Lua frame's
    // operand stack (5.1's registers past the active locals; here past the fixed slots,
    // which include locals not yet in scope).
    let slot = if let Function::Lua(cl) = &*ci.closure {
        let pc = ci.pc.saturating_sub(1);
        let active: Vec<_> = cl
            .proto
            .locvars
            .iter()
            .filter(|l| (l.start_pc as usize) <= pc && pc < l.end_pc as usize)
            .collect();
        if let Some(lv) = active.get(n - 1) {
            return Ok(Some((lv.name.clone(), ci.base + lv.slot as usize)));
        }
        ci.base + cl.proto.num_slots as usize + (n - active.len() - 1)
    } else {
        ci.base + n - 1
    };
    let limit = match th.frames.get(i + 1) {
        Some(next) => next.func,
        None => th.top,
    };
    Ok((slot < limit).then(|| ("(*temporary)".to_string(), slot)))
}

/// The optional thread argument of a debug function: (thread, index of the next argument).
fn thread_arg(st: &State, base: usize, nargs: usize) -> (Gc<runtime::object::Thread>, usize) {
    match st.arg(base, nargs, 0).as_thread() {
        Some(t) => (t, 1),
        None => (st.cur, 0),
    }
}

fn getlocal(st: &mut State, base: usize, nargs: usize) -> R {
    let (th, off) = thread_arg(st, base, nargs);
    let n = st.check_int(base, nargs, off, "getlocal")?;
    let idx = st.check_int(base, nargs, off + 1, "getlocal")?;
    match local_ref(st, th, n, idx, "getlocal", off)? {
        Some((name, slot)) => {
            let name = st.intern_str(&name);
            let v = th.stack[slot];
            st.push(name);
            st.push(v);
            Ok(2)
        }
        None => {
            st.push(Value::NIL);
            Ok(1)
        }
    }
}

fn setlocal(st: &mut State, base: usize, nargs: usize) -> R {
    let (th, off) = thread_arg(st, base, nargs);
    let n = st.check_int(base, nargs, off, "setlocal")?;
    let idx = st.check_int(base, nargs, off + 1, "setlocal")?;
    st.check_any(nargs, off + 2, "setlocal")?;
    let v = st.arg(base, nargs, off + 2);
    match local_ref(st, th, n, idx, "setlocal", off)? {
        Some((name, slot)) => {
            // SAFETY: the slot is inside the thread's stack (a live frame's local); no other
            // reference to the thread is in use.
            unsafe { th.get_mut() }.stack[slot] = v;
            let name = st.intern_str(&name);
            st.push(name);
            Ok(1)
        }
        None => {
            st.push(Value::NIL);
            Ok(1)
        }
    }
}

fn sethook(st: &mut State, base: usize, nargs: usize) -> R {
    let (th, off) = thread_arg(st, base, nargs);
    let f = st.arg(base, nargs, off);
    if f.is_nil() {
        // SAFETY: exclusive access to the thread for this update.
        crate::hooks::set(unsafe { th.get_mut() }, None, b"", 0);
        return Ok(0);
    }
    let mask = st.check_string(base, nargs, off + 1, "sethook")?;
    let Some(func) = f.as_function() else {
        return Err(st.type_error(off + 1, "sethook", "function", Some(f)));
    };
    let count = st.opt_int(base, nargs, off + 2, "sethook", 0)?;
    let was_on = th.hook.mask != 0;
    // SAFETY: exclusive access to the thread for this update.
    crate::hooks::set(unsafe { th.get_mut() }, Some(func), mask.as_bytes(), count);
    // Lua 5.1 reports this very call's return to a new return hook. A native called while
    // no hook was set returns without hook checks (`vm::call_native::<false>`): fire it here,
    // with this frame still on the stack.
    if !was_on && th == st.cur && th.hook.mask & runtime::object::Hook::RET != 0 {
        crate::hooks::fire(st, "return", None)?;
    }
    Ok(0)
}

fn gethook(st: &mut State, base: usize, nargs: usize) -> R {
    let (th, _) = thread_arg(st, base, nargs);
    let h = th.hook;
    match h.func {
        Some(f) => st.push(Value::function(f)),
        None => st.push(Value::NIL),
    }
    let m = st.intern_str(&crate::hooks::mask_string(&h));
    st.push(m);
    st.push(Value::number(h.count as f64));
    Ok(3)
}

/// `debug.debug()`: read lines from standard input and run each until one says `cont`
/// (or input ends); errors are reported on standard error.
fn debug(st: &mut State, _base: usize, _nargs: usize) -> R {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    loop {
        eprint!("lua_debug> ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => return Ok(0),
            Ok(_) => {}
        }
        if line.trim_end_matches(['\n', '\r']) == "cont" {
            return Ok(0);
        }
        let msg = match crate::load_chunkname(st, line.as_bytes(), b"=(debug command)") {
            Err(m) => Some(m),
            Ok(f) => st.call(f, &[]).err().map(|e| st.tostring_basic(e.value)),
        };
        if let Some(m) = msg {
            let mut line = runtime::rawtext::decode(&m).into_owned();
            line.push(b'\n');
            let _ = std::io::stderr().write_all(&line);
            let _ = std::io::stderr().flush();
        }
    }
}

fn upvalue_ref(
    st: &mut State,
    base: usize,
    nargs: usize,
    fname: &str,
) -> Result<Option<(Value, usize)>, LuaError> {
    let f = st.arg(base, nargs, 0);
    if !f.is_function() {
        return Err(st.type_error(1, fname, "function", if nargs > 0 { Some(f) } else { None }));
    }
    let n = st.check_int(base, nargs, 1, fname)?;
    let count = match f.as_function().as_deref() {
        Some(Function::Lua(cl)) => cl.upvals.len(),
        Some(Function::Native(nc)) => nc.upvals.len(),
        None => 0,
    };
    if n < 1 || n as usize > count {
        return Ok(None);
    }
    Ok(Some((f, n as usize - 1)))
}

fn getupvalue(st: &mut State, base: usize, nargs: usize) -> R {
    let Some((f, i)) = upvalue_ref(st, base, nargs, "getupvalue")? else {
        return Ok(0);
    };
    let (name, v) = match f.as_function().as_deref() {
        Some(Function::Lua(cl)) => (
            cl.proto
                .upvals
                .get(i)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            cl.upvals[i].get(),
        ),
        Some(Function::Native(nc)) => (String::new(), nc.upvals[i]),
        None => return Ok(0),
    };
    let n = st.intern_str(&name);
    st.push(n);
    st.push(v);
    Ok(2)
}

fn setupvalue(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 2, "setupvalue")?;
    let Some((f, i)) = upvalue_ref(st, base, nargs, "setupvalue")? else {
        return Ok(0);
    };
    let v = st.arg(base, nargs, 2);
    let fg = f.as_function().unwrap();
    let name = match &*fg {
        Function::Lua(cl) => {
            // SAFETY: no reference to the upvalue or its thread's stack is live.
            unsafe { runtime::object::Upval::set(cl.upvals[i], v) };
            cl.proto
                .upvals
                .get(i)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        }
        Function::Native(_) => {
            // SAFETY: no other reference to the closure is live.
            if let Function::Native(nc) = unsafe { fg.get_mut() } {
                nc.upvals[i] = v;
            }
            String::new()
        }
    };
    let n = st.intern_str(&name);
    st.push(n);
    Ok(1)
}

fn getmetatable(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "getmetatable")?;
    let v = st.arg(base, nargs, 0);
    let mt = st.metatable(v).map(Value::table).unwrap_or(Value::NIL);
    st.push(mt);
    Ok(1)
}

fn setmetatable(st: &mut State, base: usize, nargs: usize) -> R {
    let v = st.arg(base, nargs, 0);
    let mt = st.arg(base, nargs, 1);
    if !(mt.is_nil() || mt.is_table()) {
        return Err(st.arg_error(2, "setmetatable", "nil or table expected"));
    }
    if let Some(t) = v.as_table() {
        // SAFETY: no other reference to the table is live.
        unsafe { t.get_mut() }.meta = mt.as_table();
    } else if let Some(u) = v.as_userdata() {
        // SAFETY: no other reference to the userdata is live.
        unsafe { u.get_mut() }.meta = mt.as_table();
    } else if v.is_string() {
        st.string_meta = mt.as_table();
    } else if let Some(i) = runtime::state::basic_meta_slot(v.type_of()) {
        st.basic_meta[i] = mt.as_table();
    }
    st.push(Value::TRUE);
    Ok(1)
}

fn getregistry(st: &mut State, _base: usize, _nargs: usize) -> R {
    let r = Value::table(st.registry);
    st.push(r);
    Ok(1)
}

fn getfenv(st: &mut State, base: usize, nargs: usize) -> R {
    let v = st.arg(base, nargs, 0);
    let env = match (v.as_function(), v.as_userdata(), v.as_thread()) {
        (Some(f), _, _) => Value::table(f.env()),
        (_, Some(u), _) => u.env.map(Value::table).unwrap_or(Value::NIL),
        (_, _, Some(t)) if t == st.cur => Value::table(st.globals),
        (_, _, Some(t)) => Value::table(t.env.unwrap_or(st.globals)),
        _ => Value::NIL,
    };
    st.push(env);
    Ok(1)
}

fn setfenv(st: &mut State, base: usize, nargs: usize) -> R {
    let v = st.arg(base, nargs, 0);
    let t = st.check_table(base, nargs, 1, "setfenv")?;
    if let Some(f) = v.as_function() {
        // SAFETY: no other reference to the closure is live.
        unsafe { f.get_mut() }.set_env(t);
    } else if let Some(u) = v.as_userdata() {
        // SAFETY: no other reference to the userdata is live.
        unsafe { u.get_mut() }.env = Some(t);
    } else if let Some(th) = v.as_thread() {
        // A thread's global table: the running one's is `State::globals`.
        if th == st.cur {
            st.globals = t;
        } else {
            // SAFETY: no other reference to the thread is live.
            unsafe { th.get_mut() }.env = Some(t);
        }
    } else {
        return Err(st.rt_error("'setfenv' cannot change environment of given object"));
    }
    st.push(v);
    Ok(1)
}
