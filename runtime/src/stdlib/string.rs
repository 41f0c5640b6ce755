//! The `string` library of Lua 5.1. Strings share one metatable whose `__index` is this table,
//! so `("x"):rep(3)` works.
//!
//! Integer arguments are converted as Lua 5.1 on x86-64 converts them (`luaL_checkinteger` is a
//! C cast to `long`, `luaL_checkint` a further cast to `int`; see `format::c_long`), so huge,
//! infinite and NaN arguments behave as they do in `lua5.1`.

use super::format::{self, c_int, c_long, c_ulong, parse_spec};
use super::pattern::{self, Capture, Matcher, PatError};
use crate::gc::Gc;
use crate::number::fmt_number;
use crate::object::{Function, LuaStr, NativeClosure, Table};
use crate::state::{LuaError, State, Tm};
use crate::{Type, Value};

type R = Result<usize, LuaError>;

/// The longest string the library builds; longer results fail with "not enough memory"
/// instead of exhausting the machine.
pub const MAX_STRING: usize = i32::MAX as usize;

/// `LUAI_MAXCSTACK`: the most values a C function may push (`string.byte` checks it).
const MAX_C_STACK: usize = 8000;

pub fn open(st: &mut State) {
    let lib = st.register_lib(
        "string",
        &[
            ("len", len),
            ("sub", sub),
            ("upper", upper),
            ("lower", lower),
            ("rep", rep),
            ("reverse", reverse),
            ("byte", byte),
            ("char", char),
            ("format", format),
            ("find", find),
            ("match", match_),
            ("gmatch", gmatch),
            ("gsub", gsub),
            ("dump", dump),
        ],
    );
    // Lua 5.1.5 as distributed is built with LUA_COMPAT_GFIND: `gfind` is `gmatch`.
    let gm = lib.get_str(st.heap.intern(b"gmatch"));
    let k = st.intern_str("gfind");
    let _ = st.raw_set(lib, k, gm);
    let smeta = st.new_table(0, 1);
    let idx = Value::string(st.tm[Tm::Index as usize]);
    let _ = st.raw_set(smeta, idx, Value::table(lib));
    st.string_meta = Some(smeta);
}

// -- Helpers --

fn str_arg(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    f: &str,
) -> Result<Gc<LuaStr>, LuaError> {
    st.check_string(base, nargs, i, f)
}

/// A relative string position: negative counts from the end; clamped at 0.
fn posrelat(pos: i64, len: usize) -> i64 {
    let pos = if pos < 0 { pos + len as i64 + 1 } else { pos };
    pos.max(0)
}

fn push_bytes(st: &mut State, b: &[u8]) {
    let v = st.intern(b);
    st.push(v);
}

fn push_owned(st: &mut State, b: Vec<u8>) {
    let s = st.heap.intern_owned(b);
    st.push(Value::string(s));
}

fn memory_error(st: &mut State) -> LuaError {
    st.error_msg("not enough memory")
}

/// Fail with "not enough memory" when a result of `len` bytes is longer than `MAX_STRING` or
/// than the heap limit (`--memory-limit`) allows.
fn check_size(st: &mut State, len: u64) -> Result<(), LuaError> {
    let over_limit = matches!(st.heap.limit, Some(lim) if len > lim as u64);
    if len > MAX_STRING as u64 || over_limit {
        return Err(memory_error(st));
    }
    Ok(())
}

fn pat_error(st: &mut State, e: PatError) -> LuaError {
    st.rt_error(e.message())
}

/// A capture as a Lua value.
fn capture_value(st: &mut State, src: &[u8], c: Capture) -> Value {
    match c {
        Capture::Str(a, b) => st.intern(&src[a..b]),
        Capture::Pos(n) => Value::number(n as f64),
    }
}

// -- Simple functions --

fn len(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "len")?;
    st.push(Value::number(s.len() as f64));
    Ok(1)
}

fn sub(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "sub")?;
    let l = s.len();
    let start = posrelat(st.check_int(base, nargs, 1, "sub")?, l).max(1);
    let end = posrelat(st.opt_int(base, nargs, 2, "sub", -1)?, l).min(l as i64);
    if start <= end {
        push_bytes(st, &s.as_bytes()[start as usize - 1..end as usize]);
    } else {
        push_bytes(st, b"");
    }
    Ok(1)
}

fn map_bytes(st: &mut State, base: usize, nargs: usize, f: &str, m: fn(u8) -> u8) -> R {
    let s = str_arg(st, base, nargs, 0, f)?;
    let out: Vec<u8> = s.as_bytes().iter().map(|&c| m(c)).collect();
    push_owned(st, out);
    Ok(1)
}

fn upper(st: &mut State, base: usize, nargs: usize) -> R {
    map_bytes(st, base, nargs, "upper", |c| c.to_ascii_uppercase())
}

fn lower(st: &mut State, base: usize, nargs: usize) -> R {
    map_bytes(st, base, nargs, "lower", |c| c.to_ascii_lowercase())
}

fn reverse(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "reverse")?;
    let out: Vec<u8> = s.as_bytes().iter().rev().copied().collect();
    push_owned(st, out);
    Ok(1)
}

fn rep(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "rep")?;
    // `luaL_checkint`: an `int`, so counts wrap modulo 2^32.
    let n = st.check_int(base, nargs, 1, "rep")? as i32;
    let l = s.len();
    if n <= 0 || l == 0 {
        push_bytes(st, b"");
        return Ok(1);
    }
    let total = (l as u64).saturating_mul(n as u64);
    check_size(st, total)?;
    let mut out = Vec::new();
    if out.try_reserve_exact(total as usize).is_err() {
        return Err(memory_error(st));
    }
    for _ in 0..n {
        out.extend_from_slice(s.as_bytes());
    }
    push_owned(st, out);
    Ok(1)
}

fn byte(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "byte")?;
    let l = s.len();
    let mut posi = posrelat(st.opt_int(base, nargs, 1, "byte", 1)?, l);
    let pose = posrelat(st.opt_int(base, nargs, 2, "byte", posi)?, l).min(l as i64);
    if posi <= 0 {
        posi = 1;
    }
    if posi > pose {
        return Ok(0);
    }
    let n = (pose - posi + 1) as usize;
    if n + nargs > MAX_C_STACK {
        return Err(st.rt_error("stack overflow (string slice too long)"));
    }
    for &c in &s.as_bytes()[posi as usize - 1..pose as usize] {
        st.push(Value::number(c as f64));
    }
    Ok(n)
}

fn char(st: &mut State, base: usize, nargs: usize) -> R {
    let mut out = Vec::with_capacity(nargs);
    for i in 0..nargs {
        let c = st.check_int(base, nargs, i, "char")? as i32;
        if c as u8 as i32 != c {
            return Err(st.arg_error(i + 1, "char", "invalid value"));
        }
        out.push(c as u8);
    }
    push_owned(st, out);
    Ok(1)
}

fn dump(st: &mut State, base: usize, nargs: usize) -> R {
    let v = st.arg(base, nargs, 0);
    let Some(f) = v.as_function() else {
        let got = if nargs > 0 { Some(v) } else { None };
        return Err(st.type_error(1, "dump", "function", got));
    };
    let Function::Lua(cl) = &*f else {
        return Err(st.rt_error("unable to dump given function"));
    };
    fn dumpable(p: &crate::object::Proto) -> bool {
        p.consts.iter().all(|k| k.is_number() || k.is_string())
            && p.protos.iter().all(|c| dumpable(c))
    }
    if !dumpable(&cl.proto) {
        return Err(st.rt_error("unable to dump given function"));
    }
    let bytes = crate::bytecode::file::dump(&cl.proto);
    push_owned(st, bytes);
    Ok(1)
}

// -- format --

/// `luaL_error` with a message that may not be UTF-8.
fn rt_error_bytes(st: &mut State, msg: &[u8]) -> LuaError {
    let mut m = st.where_(1).into_bytes();
    m.extend_from_slice(msg);
    LuaError::new(st.intern(&m))
}

fn format(st: &mut State, base: usize, nargs: usize) -> R {
    let fs = str_arg(st, base, nargs, 0, "format")?;
    let fb = fs.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(fb.len() + 16);
    let mut item: Vec<u8> = Vec::new();
    let mut arg = 0;
    let mut i = 0;
    while i < fb.len() {
        let c = fb[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if fb.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        if arg >= nargs {
            return Err(st.arg_error(arg + 1, "format", "no value"));
        }
        let (spec, used) = match parse_spec(&fb[i..]) {
            Ok(r) => r,
            Err(e) => return Err(st.rt_error(e.message())),
        };
        i += used;
        let conv = fb.get(i).copied().unwrap_or(0);
        i += 1;
        item.clear();
        match conv {
            b'c' => {
                let n = st.check_number(base, nargs, arg, "format")?;
                format::fmt_char(&mut item, &spec, c_int(n) as u8);
            }
            b'd' | b'i' => {
                let n = st.check_number(base, nargs, arg, "format")?;
                format::fmt_signed(&mut item, &spec, c_long(n));
            }
            b'o' | b'u' | b'x' | b'X' => {
                let n = st.check_number(base, nargs, arg, "format")?;
                format::fmt_unsigned(&mut item, &spec, conv, c_ulong(n));
            }
            b'e' | b'E' | b'f' | b'g' | b'G' => {
                let n = st.check_number(base, nargs, arg, "format")?;
                format::fmt_float(&mut item, &spec, conv, n);
            }
            b'q' => {
                let s = str_arg(st, base, nargs, arg, "format")?;
                format::fmt_quoted(&mut out, s.as_bytes());
                check_size(st, out.len() as u64)?;
                continue;
            }
            b's' => {
                let s = str_arg(st, base, nargs, arg, "format")?;
                if spec.prec.is_none() && s.len() >= 100 {
                    // Lua 5.1 adds long strings whole (no width, `\0` kept).
                    out.extend_from_slice(s.as_bytes());
                    check_size(st, out.len() as u64)?;
                    continue;
                }
                format::fmt_str(&mut item, &spec, pattern::pattern_bytes(s.as_bytes()));
            }
            _ => {
                let mut m = b"invalid option '%".to_vec();
                if conv != 0 {
                    m.push(conv);
                }
                m.extend_from_slice(b"' to 'format'");
                return Err(rt_error_bytes(st, &m));
            }
        }
        // `sprintf`'s output is taken up to its first `\0`.
        let cut = item.iter().position(|&b| b == 0).unwrap_or(item.len());
        out.extend_from_slice(&item[..cut]);
        check_size(st, out.len() as u64)?;
    }
    check_size(st, out.len() as u64)?;
    push_owned(st, out);
    Ok(1)
}

// -- find, match, gmatch, gsub --

/// Push the captures of a match of `[s, e)`; returns how many.
fn push_captures(
    st: &mut State,
    m: &Matcher<'_>,
    src: &[u8],
    s: usize,
    e: usize,
    whole_if_none: bool,
) -> R {
    let caps = match m.captures(s, e, whole_if_none) {
        Ok(c) => c,
        Err(err) => return Err(pat_error(st, err)),
    };
    for &c in &caps {
        let v = capture_value(st, src, c);
        st.push(v);
    }
    Ok(caps.len())
}

/// Split a pattern as Lua 5.1 sees it into (anchored, rest).
fn anchored(p: &[u8]) -> (bool, &[u8]) {
    let p = pattern::pattern_bytes(p);
    match p.first() {
        Some(b'^') => (true, &p[1..]),
        _ => (false, p),
    }
}

fn find_aux(st: &mut State, base: usize, nargs: usize, find: bool) -> R {
    let fname = if find { "find" } else { "match" };
    let s = str_arg(st, base, nargs, 0, fname)?;
    let p = str_arg(st, base, nargs, 1, fname)?;
    let (src, pat) = (s.as_bytes(), p.as_bytes());
    let ls = src.len();
    let init = (posrelat(st.opt_int(base, nargs, 2, fname, 1)?, ls) - 1).clamp(0, ls as i64);
    let init = init as usize;
    if find && (st.arg(base, nargs, 3).is_truthy() || !pattern::has_specials(pat)) {
        if let Some(at) = pattern::find_plain(&src[init..], pat) {
            let at = init + at;
            st.push(Value::number((at + 1) as f64));
            st.push(Value::number((at + pat.len()) as f64));
            return Ok(2);
        }
    } else {
        let (anchor, pat) = anchored(pat);
        let mut m = Matcher::new(src, pat);
        let mut s1 = init;
        loop {
            match m.match_at(s1, 0) {
                Err(e) => return Err(pat_error(st, e)),
                Ok(Some(e)) => {
                    if find {
                        st.push(Value::number((s1 + 1) as f64));
                        st.push(Value::number(e as f64));
                        return Ok(push_captures(st, &m, src, s1, e, false)? + 2);
                    }
                    return push_captures(st, &m, src, s1, e, true);
                }
                Ok(None) => {}
            }
            if s1 >= ls || anchor {
                break;
            }
            s1 += 1;
        }
    }
    st.push(Value::NIL);
    Ok(1)
}

fn find(st: &mut State, base: usize, nargs: usize) -> R {
    find_aux(st, base, nargs, true)
}

fn match_(st: &mut State, base: usize, nargs: usize) -> R {
    find_aux(st, base, nargs, false)
}

fn gmatch(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "gmatch")?;
    let p = str_arg(st, base, nargs, 1, "gmatch")?;
    let state = st.new_table(1, 0);
    st.raw_set(state, Value::number(1.0), Value::number(0.0))?;
    let env = st.globals;
    let f = st.heap.alloc(Function::Native(NativeClosure {
        f: gmatch_aux,
        name: "gmatch_aux",
        upvals: vec![Value::string(s), Value::string(p), Value::table(state)].into_boxed_slice(),
        env,
    }));
    st.push(Value::function(f));
    Ok(1)
}

/// The iterator `gmatch` returns; its upvalues are the subject, the pattern and a table
/// holding the position where the next search starts.
fn gmatch_aux(st: &mut State, _base: usize, _nargs: usize) -> R {
    let f = st.cur.frames.last().expect("native frame").closure;
    let Function::Native(nc) = &*f else {
        unreachable!("gmatch_aux runs as a native closure")
    };
    let (Some(s), Some(p), Some(state)) = (
        nc.upvals[0].as_string(),
        nc.upvals[1].as_string(),
        nc.upvals[2].as_table(),
    ) else {
        unreachable!("gmatch_aux upvalues")
    };
    let src = s.as_bytes();
    // Lua 5.1's gmatch does not treat `^` as an anchor.
    let pat = pattern::pattern_bytes(p.as_bytes());
    let start = state.get(Value::number(1.0)).as_number().unwrap_or(0.0) as usize;
    let mut m = Matcher::new(src, pat);
    for s1 in start..=src.len() {
        match m.match_at(s1, 0) {
            Err(e) => return Err(pat_error(st, e)),
            Ok(Some(e)) => {
                let next = if e == s1 { e + 1 } else { e };
                st.raw_set(state, Value::number(1.0), Value::number(next as f64))?;
                return push_captures(st, &m, src, s1, e, true);
            }
            Ok(None) => {}
        }
    }
    Ok(0)
}

/// Append the replacement string `repl` for a match of `[s, e)` (`add_s`).
fn add_string(
    st: &mut State,
    out: &mut Vec<u8>,
    m: &Matcher<'_>,
    src: &[u8],
    repl: &[u8],
    s: usize,
    e: usize,
) -> Result<(), LuaError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        // Lua 5.1 reads the C string's terminator after a final `%`.
        let d = repl.get(i).copied().unwrap_or(0);
        i += 1;
        if !d.is_ascii_digit() {
            out.push(d);
        } else if d == b'0' {
            out.extend_from_slice(&src[s..e]);
        } else {
            match m.capture((d - b'1') as usize, s, e) {
                Ok(Capture::Str(a, b)) => out.extend_from_slice(&src[a..b]),
                Ok(Capture::Pos(n)) => out.extend_from_slice(fmt_number(n as f64).as_bytes()),
                Err(err) => return Err(pat_error(st, err)),
            }
        }
    }
    Ok(())
}

/// What `gsub` replaces matches with.
enum Repl {
    Str(Vec<u8>),
    Func(Value),
    Table(Gc<Table>),
}

fn gsub(st: &mut State, base: usize, nargs: usize) -> R {
    let s = str_arg(st, base, nargs, 0, "gsub")?;
    let p = str_arg(st, base, nargs, 1, "gsub")?;
    let srcl = s.len();
    // `luaL_optint`: an `int`.
    let max_s = st.opt_int(base, nargs, 3, "gsub", srcl as i64 + 1)? as i32;
    let rv = st.arg(base, nargs, 2);
    let repl = match rv.type_of() {
        _ if nargs < 3 => None,
        Type::Number => Some(Repl::Str(fmt_number(rv.num_unchecked()).into_bytes())),
        Type::String => rv.as_string().map(|r| Repl::Str(r.as_bytes().to_vec())),
        Type::Function => Some(Repl::Func(rv)),
        Type::Table => rv.as_table().map(Repl::Table),
        _ => None,
    };
    let Some(repl) = repl else {
        return Err(st.arg_error(3, "gsub", "string/function/table expected"));
    };
    // Keep the subject and pattern reachable while replacement functions run (they may be
    // strings converted from numbers, which are not on the stack).
    st.push(Value::string(s));
    st.push(Value::string(p));
    let src = s.as_bytes();
    let (anchor, pat) = anchored(p.as_bytes());
    let mut m = Matcher::new(src, pat);
    let mut out: Vec<u8> = Vec::with_capacity(srcl);
    let mut pos = 0;
    let mut n = 0;
    while n < max_s {
        let e = match m.match_at(pos, 0) {
            Ok(e) => e,
            Err(err) => return Err(pat_error(st, err)),
        };
        if let Some(e) = e {
            n += 1;
            add_value(st, &mut out, &m, src, &repl, pos, e)?;
            check_size(st, out.len() as u64)?;
        }
        match e {
            Some(e) if e > pos => pos = e,
            _ if pos < srcl => {
                out.push(src[pos]);
                pos += 1;
            }
            _ => break,
        }
        if anchor {
            break;
        }
    }
    out.extend_from_slice(&src[pos..]);
    check_size(st, out.len() as u64)?;
    push_owned(st, out);
    st.push(Value::number(n as f64));
    Ok(2)
}

/// Append the replacement of the match `[s, e)` (`add_value`).
fn add_value(
    st: &mut State,
    out: &mut Vec<u8>,
    m: &Matcher<'_>,
    src: &[u8],
    repl: &Repl,
    s: usize,
    e: usize,
) -> Result<(), LuaError> {
    let v = match repl {
        Repl::Str(r) => return add_string(st, out, m, src, r, s, e),
        Repl::Func(f) => {
            let caps = match m.captures(s, e, true) {
                Ok(c) => c,
                Err(err) => return Err(pat_error(st, err)),
            };
            let args: Vec<Value> = caps.iter().map(|&c| capture_value(st, src, c)).collect();
            let res = st.call(*f, &args)?;
            res.first().copied().unwrap_or(Value::NIL)
        }
        Repl::Table(t) => {
            let key = match m.capture(0, s, e) {
                Ok(c) => capture_value(st, src, c),
                Err(err) => return Err(pat_error(st, err)),
            };
            st.index(Value::table(*t), key)?
        }
    };
    if v.is_falsy() {
        out.extend_from_slice(&src[s..e]);
    } else if let Some(r) = v.as_string() {
        out.extend_from_slice(r.as_bytes());
    } else if let Some(x) = v.as_number() {
        out.extend_from_slice(fmt_number(x).as_bytes());
    } else {
        let msg = format!("invalid replacement value (a {})", v.type_name());
        return Err(st.rt_error(msg));
    }
    Ok(())
}
