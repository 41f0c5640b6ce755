//! The base library functions needed by the foundation: print, type, tostring, tonumber, pairs,
//! ipairs, next, select, unpack, error, pcall, assert, setmetatable, getmetatable, rawget,
//! rawset, rawequal, collectgarbage. Messages match Lua 5.1's `lbaselib.c`.

use runtime::object::{CallInfo, Function};
use runtime::state::{to_number, LuaError, State, Tm};
use runtime::{number, Value};
use std::io::Write;

type R = Result<usize, LuaError>;

pub fn open(st: &mut State) {
    let g = Value::table(st.globals);
    st.set_global("_G", g);
    let v = st.intern_str("Lua 5.1");
    st.set_global("_VERSION", v);
    let fns: &[(&'static str, runtime::object::NativeFn)] = &[
        ("print", print),
        ("type", type_),
        ("tostring", tostring),
        ("tonumber", tonumber),
        ("pairs", pairs),
        ("ipairs", ipairs),
        ("next", next),
        ("select", select),
        ("unpack", unpack),
        ("error", error),
        ("pcall", pcall),
        ("assert", assert),
        ("setmetatable", setmetatable),
        ("getmetatable", getmetatable),
        ("rawget", rawget),
        ("rawset", rawset),
        ("rawequal", rawequal),
        ("collectgarbage", collectgarbage),
    ];
    for &(name, f) in fns {
        let v = st.native(name, f);
        st.set_global(name, v);
    }
    let aux = st.native("ipairs_aux", ipairs_aux);
    st.extra_roots.push(aux);
    let n = st.get_global("next");
    st.extra_roots.push(n);
}

fn print(st: &mut State, base: usize, nargs: usize) -> R {
    let ts = st.get_global("tostring");
    let mut line = Vec::new();
    for i in 0..nargs {
        let v = st.arg(base, nargs, i);
        let s = if ts.is_function() && !is_builtin_tostring(ts) {
            let r = st.call(ts, &[v])?;
            r.first().copied().unwrap_or(Value::NIL)
        } else {
            st.tostring(v)?
        };
        let Some(s) = s.as_string() else {
            return Err(st.rt_error("'tostring' must return a string to 'print'"));
        };
        if i > 0 {
            line.push(b'\t');
        }
        line.extend_from_slice(s.as_bytes());
    }
    line.push(b'\n');
    let _ = st.out.write_all(&line);
    Ok(0)
}

fn is_builtin_tostring(v: Value) -> bool {
    match v.as_function().as_deref() {
        Some(Function::Native(n)) => std::ptr::eq(n.f as *const (), tostring as *const ()),
        _ => false,
    }
}

fn type_(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "type")?;
    let v = st.arg(base, nargs, 0);
    let s = st.intern_str(v.type_name());
    st.push(s);
    Ok(1)
}

fn tostring(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "tostring")?;
    let v = st.arg(base, nargs, 0);
    let s = st.tostring(v)?;
    st.push(s);
    Ok(1)
}

fn tonumber(st: &mut State, base: usize, nargs: usize) -> R {
    let b = st.opt_int(base, nargs, 1, "tonumber", 10)?;
    let v = st.arg(base, nargs, 0);
    if b == 10 {
        st.check_any(nargs, 0, "tonumber")?;
        let r = to_number(v).map(Value::number).unwrap_or(Value::NIL);
        st.push(r);
        return Ok(1);
    }
    let s = st.check_string(base, nargs, 0, "tonumber")?;
    if !(2..=36).contains(&b) {
        return Err(st.arg_error(2, "tonumber", "base out of range"));
    }
    let r = number::str_to_number_base(s.as_bytes(), b as u32)
        .map(Value::number)
        .unwrap_or(Value::NIL);
    st.push(r);
    Ok(1)
}

fn next(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "next")?;
    let k = st.arg(base, nargs, 1);
    match t.next(k) {
        Ok(Some((k, v))) => {
            st.push(k);
            st.push(v);
            Ok(2)
        }
        Ok(None) => {
            st.push(Value::NIL);
            Ok(1)
        }
        // Raised inside the table code (luaG_runerror in a C function): no position.
        Err(()) => Err(st.error_msg("invalid key to 'next'")),
    }
}

fn pairs(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_table(base, nargs, 0, "pairs")?;
    let n = st.extra_roots[1];
    let t = st.arg(base, nargs, 0);
    st.push(n);
    st.push(t);
    st.push(Value::NIL);
    Ok(3)
}

fn ipairs_aux(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "ipairs")?;
    let i = st.check_int(base, nargs, 1, "ipairs")? + 1;
    let v = t.get_int(i);
    if v.is_nil() {
        return Ok(0);
    }
    st.push(Value::number(i as f64));
    st.push(v);
    Ok(2)
}

fn ipairs(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_table(base, nargs, 0, "ipairs")?;
    let aux = st.extra_roots[0];
    let t = st.arg(base, nargs, 0);
    st.push(aux);
    st.push(t);
    st.push(Value::number(0.0));
    Ok(3)
}

fn select(st: &mut State, base: usize, nargs: usize) -> R {
    let a = st.arg(base, nargs, 0);
    if let Some(s) = a.as_string() {
        if s.as_bytes().first() == Some(&b'#') {
            st.push(Value::number((nargs - 1) as f64));
            return Ok(1);
        }
    }
    let n = nargs as i64;
    let mut i = st.check_int(base, nargs, 0, "select")?;
    if i < 0 {
        i += n;
    } else if i > n {
        i = n;
    }
    if i < 1 {
        return Err(st.arg_error(1, "select", "index out of range"));
    }
    let cnt = (n - i) as usize;
    for j in 0..cnt {
        let v = st.arg(base, nargs, i as usize + j);
        st.push(v);
    }
    Ok(cnt)
}

fn unpack(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "unpack")?;
    let i = st.opt_int(base, nargs, 1, "unpack", 1)?;
    let j = if st.arg(base, nargs, 2).is_nil() {
        t.len() as i64
    } else {
        st.check_int(base, nargs, 2, "unpack")?
    };
    if i > j {
        return Ok(0);
    }
    let n = (j as i128 - i as i128 + 1) as u128;
    if n >= 8_000_000 {
        return Err(st.rt_error("too many results to unpack"));
    }
    for k in i..=j {
        let v = t.get_int(k);
        st.push(v);
    }
    Ok(n as usize)
}

fn error(st: &mut State, base: usize, nargs: usize) -> R {
    let level = st.opt_int(base, nargs, 1, "error", 1)?;
    let v = st.arg(base, nargs, 0);
    if (v.is_string() || v.is_number()) && level > 0 {
        let w = st.where_(level as usize);
        let mut s = w.into_bytes();
        if let Some(x) = v.as_string() {
            s.extend_from_slice(x.as_bytes());
        } else {
            s.extend_from_slice(number::fmt_number(v.num_unchecked()).as_bytes());
        }
        let m = st.intern(&s);
        return Err(LuaError::new(m));
    }
    Err(LuaError::new(v))
}

/// `pcall` called from Rust (the interpreter runs `pcall` from Lua code as a frame).
pub fn pcall(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "pcall")?;
    let depth = st.cur.frames.len();
    let top = base + nargs;
    let func = base;
    // SAFETY: exclusive access to the running thread.
    unsafe { st.cur.get_mut() }.top = top;
    match (st.call_hook)(st, func, -1) {
        Ok(()) => {
            let n = st.top() - func;
            // SAFETY: as above.
            let t = unsafe { st.cur.get_mut() };
            t.ensure(t.top + 1);
            t.stack.copy_within(func..func + n, func + 1);
            t.stack[func] = Value::TRUE;
            t.top = func + n + 1;
            Ok(n + 1)
        }
        Err(e) => {
            // SAFETY: as above.
            let t = unsafe { st.cur.get_mut() };
            t.frames.truncate(depth);
            t.top = func;
            st.push(Value::FALSE);
            st.push(e.value);
            Ok(2)
        }
    }
}

fn assert(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "assert")?;
    let v = st.arg(base, nargs, 0);
    if v.is_truthy() {
        // Return all arguments.
        for i in 0..nargs {
            let a = st.arg(base, nargs, i);
            st.push(a);
        }
        return Ok(nargs);
    }
    if nargs >= 2 && !st.arg(base, nargs, 1).is_nil() {
        let m = st.check_string(base, nargs, 1, "assert")?;
        let m = m.to_str_lossy().into_owned();
        return Err(st.rt_error(m));
    }
    Err(st.rt_error("assertion failed!"))
}

fn setmetatable(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "setmetatable")?;
    let mv = st.arg(base, nargs, 1);
    if nargs < 2 || !(mv.is_nil() || mv.is_table()) {
        return Err(st.arg_error(2, "setmetatable", "nil or table expected"));
    }
    if !st.metamethod(Value::table(t), Tm::Metatable).is_nil() {
        return Err(st.rt_error("cannot change a protected metatable"));
    }
    // SAFETY: no other reference to the table is live.
    unsafe { t.get_mut() }.meta = mv.as_table();
    st.push(Value::table(t));
    Ok(1)
}

fn getmetatable(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "getmetatable")?;
    let v = st.arg(base, nargs, 0);
    let Some(mt) = st.metatable(v) else {
        st.push(Value::NIL);
        return Ok(1);
    };
    let protected = mt.get_str(st.tm[Tm::Metatable as usize]);
    st.push(if protected.is_nil() {
        Value::table(mt)
    } else {
        protected
    });
    Ok(1)
}

fn rawget(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "rawget")?;
    st.check_any(nargs, 1, "rawget")?;
    let v = t.get(st.arg(base, nargs, 1));
    st.push(v);
    Ok(1)
}

fn rawset(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "rawset")?;
    st.check_any(nargs, 1, "rawset")?;
    st.check_any(nargs, 2, "rawset")?;
    let (k, v) = (st.arg(base, nargs, 1), st.arg(base, nargs, 2));
    st.raw_set(t, k, v)?;
    st.push(Value::table(t));
    Ok(1)
}

fn rawequal(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "rawequal")?;
    st.check_any(nargs, 1, "rawequal")?;
    let r = st.arg(base, nargs, 0).raw_eq(st.arg(base, nargs, 1));
    st.push(Value::boolean(r));
    Ok(1)
}

fn collectgarbage(st: &mut State, base: usize, nargs: usize) -> R {
    let opt = if st.arg(base, nargs, 0).is_nil() {
        "collect".to_string()
    } else {
        st.check_string(base, nargs, 0, "collectgarbage")?
            .to_str_lossy()
            .into_owned()
    };
    let arg = st.opt_int(base, nargs, 1, "collectgarbage", 0)?;
    let r = match opt.as_str() {
        "collect" => {
            sync_top(st, base, nargs);
            st.full_gc();
            Value::number(0.0)
        }
        "count" => Value::number(st.heap.bytes() as f64 / 1024.0),
        "step" => {
            sync_top(st, base, nargs);
            st.full_gc();
            Value::TRUE
        }
        "stop" => {
            st.heap.stopped = true;
            Value::number(0.0)
        }
        "restart" => {
            st.heap.stopped = false;
            Value::number(0.0)
        }
        "setpause" => {
            let old = st.heap.pause;
            st.heap.pause = arg.max(0) as usize;
            Value::number(old as f64)
        }
        "setstepmul" => {
            let old = st.heap.stepmul;
            st.heap.stepmul = arg.max(0) as usize;
            Value::number(old as f64)
        }
        _ => return Err(st.arg_error(1, "collectgarbage", &format!("invalid option '{opt}'"))),
    };
    st.push(r);
    Ok(1)
}

/// Make sure the arguments are below `top` before collecting from inside a native.
fn sync_top(st: &mut State, base: usize, nargs: usize) {
    if st.top() < base + nargs {
        st.set_top(base + nargs);
    }
}

/// Marker so frames can be recognised as protected calls in tracebacks.
pub const PCALL_FLAG: u16 = CallInfo::PCALL;
