//! The base library functions needed by the foundation: print, type, tostring, tonumber, pairs,
//! ipairs, next, select, unpack, error, pcall, assert, setmetatable, getmetatable, rawget,
//! rawset, rawequal, collectgarbage. Messages match Lua 5.1's `lbaselib.c`.

use runtime::object::Function;
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
        ("xpcall", xpcall),
        ("loadstring", loadstring),
        ("load", load),
        ("loadfile", loadfile),
        ("dofile", dofile),
        ("getfenv", getfenv),
        ("setfenv", setfenv),
        ("newproxy", newproxy),
        ("gcinfo", gcinfo),
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
        // (Calling the built-in through Lua only matters to call and return hooks.)
        let hooked =
            st.cur.hook.mask & (runtime::object::Hook::CALL | runtime::object::Hook::RET) != 0;
        let s = if ts.is_function() && (hooked || !is_builtin_tostring(ts)) {
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
        // lua5.1 writes each string with fputs, which stops at the first NUL byte.
        let b = s.as_bytes();
        line.extend_from_slice(&b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]);
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
            st.discard_failed_call(depth, func);
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
        // A full cycle sets a new threshold in Lua 5.1 (`setthreshold`), which also ends a
        // `collectgarbage("stop")`: so do "collect" and "step" here.
        "collect" => {
            sync_top(st, base, nargs);
            st.full_gc_checked()?;
            st.heap.stopped = false;
            Value::number(0.0)
        }
        "count" => Value::number(st.heap.bytes() as f64 / 1024.0),
        // The collector is not incremental: a step credits the work Lua 5.1's would do
        // (one GCSTEPSIZE of 1 KiB per KiB asked for, plus one, scaled by the step
        // multiplier) and collects once a heap's worth has been credited, returning true
        // when it did (a finished cycle).
        "step" => {
            sync_top(st, base, nargs);
            let work = (arg.max(0) as usize + 1)
                .saturating_mul(1024)
                .saturating_mul(st.heap.stepmul.max(1))
                / 100;
            st.heap.step_work = st.heap.step_work.saturating_add(work);
            if st.heap.step_work >= st.heap.bytes() {
                st.heap.step_work = 0;
                st.full_gc_checked()?;
                st.heap.stopped = false;
                Value::TRUE
            } else {
                Value::FALSE
            }
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

/// `xpcall` called from Rust or with a non-Lua function (the interpreter runs `xpcall` of a
/// Lua function as a frame, calling the handler before unwinding).
pub fn xpcall(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 1, "xpcall")?;
    let f = st.arg(base, nargs, 0);
    let h = st.arg(base, nargs, 1);
    let depth = st.cur.frames.len();
    match st.call(f, &[]) {
        Ok(vals) => {
            st.push(Value::TRUE);
            let n = vals.len();
            for v in vals {
                st.push(v);
            }
            Ok(n + 1)
        }
        Err(e) => {
            // SAFETY: exclusive access to the running thread.
            unsafe { st.cur.get_mut() }.frames.truncate(depth);
            let r = crate::vm::call_message_handler(st, h, e.value);
            st.push(Value::FALSE);
            st.push(r);
            Ok(2)
        }
    }
}

/// Lua 5.1 `luaO_chunkid`: how a chunk name is displayed in runtime errors and tracebacks,
/// with the reference build's `LUA_IDSIZE` of 60 (`lua5.1` prints `...` plus the last 52
/// bytes of a longer file name). Syntax errors use `crate::MAXSRC` (`chunk_id`).
pub fn chunk_display(name: &[u8]) -> String {
    chunk_id(name, crate::LUA_IDSIZE)
}

/// `luaO_chunkid` into a buffer of `size` bytes. Byte-wise, as C does: a cut inside a UTF-8
/// sequence keeps the bytes before the cut (carried by `rawtext`).
pub fn chunk_id(name: &[u8], size: usize) -> String {
    match name.first() {
        Some(b'=') => {
            let rest = &name[1..];
            runtime::rawtext::encode(&rest[..rest.len().min(size - 1)])
        }
        Some(b'@') => {
            let rest = &name[1..];
            // bufflen - sizeof(" '...' ")
            let max = size - 8;
            if rest.len() > max {
                format!("...{}", runtime::rawtext::encode(&rest[rest.len() - max..]))
            } else {
                runtime::rawtext::encode(rest)
            }
        }
        _ => crate::string_chunkname(name, size),
    }
}

/// Compile a chunk (source or bytecode) into a function over the globals, or an error message.
/// `name` is the chunk name as Lua gives it (`@file`, `=name` or the source itself).
fn load_chunk(st: &mut State, bytes: &[u8], name: &[u8]) -> Result<Value, String> {
    if bytes.first() == Some(&0x1b) {
        let display = chunk_display(name);
        let p =
            runtime::bytecode::load(&mut st.heap, bytes).map_err(|e| format!("{display}: {e}"))?;
        return Ok(crate::closure(st, p));
    }
    let p = crate::compile_chunkname(st, bytes, name, 2)?;
    Ok(crate::closure(st, p))
}

fn push_load_result(st: &mut State, r: Result<Value, String>) -> R {
    match r {
        Ok(f) => {
            st.push(f);
            Ok(1)
        }
        Err(msg) => {
            st.push(Value::NIL);
            let m = st.intern(&runtime::rawtext::decode(&msg));
            st.push(m);
            Ok(2)
        }
    }
}

fn loadstring(st: &mut State, base: usize, nargs: usize) -> R {
    let s = st.check_string(base, nargs, 0, "loadstring")?;
    let name = if st.arg(base, nargs, 1).is_nil() {
        s.as_bytes().to_vec()
    } else {
        st.check_string(base, nargs, 1, "loadstring")?
            .as_bytes()
            .to_vec()
    };
    let r = load_chunk(st, s.as_bytes(), &name);
    push_load_result(st, r)
}

fn load(st: &mut State, base: usize, nargs: usize) -> R {
    let f = st.arg(base, nargs, 0);
    if !f.is_function() {
        return Err(st.type_error(
            1,
            "load",
            "function",
            if nargs > 0 { Some(f) } else { None },
        ));
    }
    let name = if st.arg(base, nargs, 1).is_nil() {
        b"=(load)".to_vec()
    } else {
        st.check_string(base, nargs, 1, "load")?.as_bytes().to_vec()
    };
    let mut buf = Vec::new();
    // A syntax error seen in what has been read so far, and when to look again (see below).
    let mut pending: Option<String> = None;
    let mut next_check = 0;
    loop {
        // As in lua_load, the reader runs protected: its error is load's `nil, message`.
        let depth = st.cur.frames.len();
        let top = st.top();
        let r = match st.call(f, &[]) {
            Ok(r) => r,
            Err(e) => {
                st.discard_failed_call(depth, top);
                st.push(Value::NIL);
                st.push(e.value);
                return Ok(2);
            }
        };
        let piece = r.first().copied().unwrap_or(Value::NIL);
        if piece.is_nil() {
            break;
        }
        let bytes = if let Some(s) = piece.as_string() {
            s.as_bytes().to_vec()
        } else if let Some(n) = piece.as_number() {
            runtime::number::fmt_number(n).into_bytes()
        } else {
            // luaL_error at the level of `load` itself, a C function: no position.
            let msg = st.intern_str("reader function must return a string");
            st.push(Value::NIL);
            st.push(msg);
            return Ok(2);
        };
        if bytes.is_empty() {
            break;
        }
        buf.extend_from_slice(&bytes);
        // lua_load lexes while it reads and stops at the first syntax error; this parses
        // what it has. An error that is not at the end of the text ("near '<eof>'") and is
        // still there after one more piece cannot be changed by more input: stop reading
        // there (load(read1("*a = 123")) reads two pieces, as in 5.1, and a reader that never
        // ends stops at an error). Past 4 KiB the text is parsed only each time it doubles.
        if buf.first() != Some(&0x1b) && (buf.len() <= 4096 || buf.len() >= next_check) {
            next_check = buf.len() * 2;
            let syntax = chunk_id(&name, crate::MAXSRC);
            match crate::compiler::parser::parse_at_level(&buf, &syntax, 2) {
                Err(e) if !e.message.ends_with("near '<eof>'") => {
                    if pending.as_deref() == Some(e.message.as_str()) {
                        st.push(Value::NIL);
                        let m = st.intern(&runtime::rawtext::decode(&e.message));
                        st.push(m);
                        return Ok(2);
                    }
                    pending = Some(e.message);
                }
                _ => pending = None,
            }
        }
    }
    let r = load_chunk(st, &buf, &name);
    push_load_result(st, r)
}

/// Read a file for loadfile/dofile/the command line: `Err` is Lua 5.1's message.
pub fn read_source(path: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let strerror = |e: std::io::Error| {
        let s = e.to_string();
        match s.find(" (os error") {
            Some(i) => s[..i].to_string(),
            None => s,
        }
    };
    let mut f =
        std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {}", strerror(e)))?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)
        .map_err(|e| format!("cannot read {path}: {}", strerror(e)))?;
    Ok(buf)
}

fn loadfile_impl(st: &mut State, path: Option<String>) -> Result<Value, String> {
    match path {
        Some(p) => {
            let bytes = read_source(&p)?;
            load_chunk(st, &bytes, format!("@{p}").as_bytes())
        }
        None => {
            use std::io::Read;
            let mut buf = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut buf);
            load_chunk(st, &buf, b"=stdin")
        }
    }
}

fn opt_path(
    st: &mut State,
    base: usize,
    nargs: usize,
    fname: &str,
) -> Result<Option<String>, LuaError> {
    if st.arg(base, nargs, 0).is_nil() {
        Ok(None)
    } else {
        Ok(Some(
            st.check_string(base, nargs, 0, fname)?
                .to_str_lossy()
                .into_owned(),
        ))
    }
}

fn loadfile(st: &mut State, base: usize, nargs: usize) -> R {
    let p = opt_path(st, base, nargs, "loadfile")?;
    let r = loadfile_impl(st, p);
    push_load_result(st, r)
}

fn dofile(st: &mut State, base: usize, nargs: usize) -> R {
    let p = opt_path(st, base, nargs, "dofile")?;
    let f = match loadfile_impl(st, p) {
        Ok(f) => f,
        Err(msg) => return Err(st.error_msg(msg)),
    };
    let vals = st.call(f, &[])?;
    let n = vals.len();
    for v in vals {
        st.push(v);
    }
    Ok(n)
}

/// The function at `level` (1 = the caller of getfenv/setfenv), or an argument error.
fn env_target(
    st: &mut State,
    base: usize,
    nargs: usize,
    fname: &str,
) -> Result<Option<Value>, LuaError> {
    let v = st.arg(base, nargs, 0);
    if v.is_function() {
        return Ok(Some(v));
    }
    let level = if v.is_nil() {
        1
    } else {
        st.check_int(base, nargs, 0, fname)?
    };
    if level < 0 {
        return Err(st.arg_error(1, fname, "level must be non-negative"));
    }
    if level == 0 {
        return Ok(None);
    }
    // Levels as debug.getinfo counts them (tail-call and pcall pseudo-levels included).
    let all = crate::traceback::levels(st);
    match all.get(level as usize).copied() {
        Some(crate::traceback::Level::Tail) => Err(st.rt_error(format!(
            "no function environment for tail call at level {level}"
        ))),
        Some(l) => Ok(Some(crate::traceback::level_function(st, l))),
        None => Err(st.arg_error(1, fname, "invalid level")),
    }
}

fn getfenv(st: &mut State, base: usize, nargs: usize) -> R {
    let t = env_target(st, base, nargs, "getfenv")?;
    let env = match t.and_then(|v| v.as_function()) {
        Some(f) => f.env(),
        None => st.globals,
    };
    st.push(Value::table(env));
    Ok(1)
}

fn setfenv(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 1, "setfenv")?;
    let target = env_target(st, base, nargs, "setfenv")?;
    match target {
        None => {
            // Level 0: the thread's environment (the globals).
            st.globals = t;
            Ok(0)
        }
        Some(v) => match v.as_function() {
            Some(f) if matches!(&*f, Function::Lua(_)) => {
                // SAFETY: no other reference to the closure is live.
                unsafe { f.get_mut() }.set_env(t);
                st.push(v);
                Ok(1)
            }
            _ => Err(st.rt_error("'setfenv' cannot change environment of given object")),
        },
    }
}

fn newproxy(st: &mut State, base: usize, nargs: usize) -> R {
    let a = st.arg(base, nargs, 0);
    let meta = if a.is_nil() || a == Value::FALSE {
        None
    } else if a == Value::TRUE {
        Some(st.new_table(0, 0))
    } else {
        match a.as_userdata().and_then(|u| u.meta) {
            Some(m) => Some(m),
            None => return Err(st.arg_error(1, "newproxy", "boolean or proxy expected")),
        }
    };
    let u = st.heap.alloc(runtime::object::Userdata {
        meta,
        env: None,
        data: Box::new(()),
    });
    st.push(Value::userdata(u));
    Ok(1)
}

fn gcinfo(st: &mut State, _base: usize, _nargs: usize) -> R {
    let kb = (st.heap.bytes() / 1024) as f64;
    st.push(Value::number(kb));
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::chunk_id;
    use crate::{LUA_IDSIZE, MAXSRC};

    #[test]
    fn chunk_ids_follow_luao_chunkid() {
        // File names: the last size - 8 bytes after "...".
        let long = format!("@{}", "d".repeat(53));
        assert_eq!(
            chunk_id(long.as_bytes(), LUA_IDSIZE),
            format!("...{}", "d".repeat(52))
        );
        assert_eq!(chunk_id(long.as_bytes(), MAXSRC), "d".repeat(53));
        assert_eq!(chunk_id(b"@short.lua", LUA_IDSIZE), "short.lua");
        // "=name": at most size - 1 bytes.
        let eq = format!("={}", "n".repeat(70));
        assert_eq!(chunk_id(eq.as_bytes(), LUA_IDSIZE), "n".repeat(59));
        // Source text: size - 17 bytes, or up to the first newline, then "...".
        let src = "s".repeat(50);
        assert_eq!(
            chunk_id(src.as_bytes(), LUA_IDSIZE),
            format!("[string \"{}...\"]", "s".repeat(43))
        );
        assert_eq!(
            chunk_id(src.as_bytes(), MAXSRC),
            format!("[string \"{}\"]", "s".repeat(50))
        );
        assert_eq!(chunk_id(b"a\nb", LUA_IDSIZE), "[string \"a...\"]");
    }

    #[test]
    fn a_cut_inside_a_utf8_sequence_does_not_panic() {
        // Cuts fall at every byte offset of the multi-byte characters: C copies the bytes,
        // here a broken sequence shows as U+FFFD (the rest is as lua5.1 prints it).
        for pad in 0..4 {
            let name = format!("@{}{}", "x".repeat(pad), "é€😀".repeat(20));
            let s = chunk_id(name.as_bytes(), LUA_IDSIZE);
            assert!(s.starts_with("..."), "{s}");
            assert!(s.ends_with("😀"), "{s}");
            let name = format!("={}{}", "x".repeat(pad), "é€😀".repeat(20));
            let _ = chunk_id(name.as_bytes(), LUA_IDSIZE);
            let src = format!("{}{}", "x".repeat(pad), "é€😀".repeat(20));
            let s = chunk_id(src.as_bytes(), LUA_IDSIZE);
            assert!(s.starts_with("[string \"") && s.ends_with("...\"]"), "{s}");
        }
    }
}
