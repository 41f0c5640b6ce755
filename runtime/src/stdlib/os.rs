//! The `os` library of Lua 5.1.5. Calendar conversions, `strftime`, file removal and the like go
//! through the C library (the `libc` crate), as the reference does, so local time, time zones
//! and error texts agree with lua5.1 on the same system.

use crate::gc::Gc;
use crate::object::LuaStr;
use crate::state::{to_number, LuaError, State};
use crate::Value;
use std::ffi::{CStr, CString};
use std::io::Write;

type R = Result<usize, LuaError>;

extern "C" {
    fn clock() -> libc::c_long;
}

pub fn open(st: &mut State) {
    st.register_lib(
        "os",
        &[
            ("clock", os_clock),
            ("date", date),
            ("difftime", difftime),
            ("execute", execute),
            ("exit", exit),
            ("getenv", getenv),
            ("remove", remove),
            ("rename", rename),
            ("setlocale", setlocale),
            ("time", time),
            ("tmpname", tmpname),
        ],
    );
}

// -- Helpers shared with the io library --

/// A C string of `s` up to its first NUL byte (what a C function taking `const char *` sees).
pub(crate) fn cstring(s: &[u8]) -> CString {
    let end = s.iter().position(|&b| b == 0).unwrap_or(s.len());
    CString::new(&s[..end]).expect("no interior NUL")
}

/// The current `errno`.
pub(crate) fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// C's `strerror(e)`.
pub(crate) fn strerror(e: i32) -> String {
    // SAFETY: strerror returns a pointer to a NUL-terminated string that stays valid until the
    // next call; it is copied at once. The VM is single-threaded.
    unsafe { CStr::from_ptr(libc::strerror(e)) }
        .to_string_lossy()
        .into_owned()
}

/// `luaL_fileresult`-style result of 5.1's `pushresult`: `true`, or `nil, "name: msg", errno`
/// (without `name: ` when `name` is `None`).
pub(crate) fn push_result(st: &mut State, ok: bool, en: i32, name: Option<&[u8]>) -> usize {
    if ok {
        st.push(Value::boolean(true));
        return 1;
    }
    st.push(Value::NIL);
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(cstring(n).as_bytes());
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(strerror(en).as_bytes());
    let m = st.intern(&msg);
    st.push(m);
    st.push(Value::number(en as f64));
    3
}

/// `luaL_optstring` (None when the argument is absent or nil).
pub(crate) fn opt_string(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    fname: &str,
) -> Result<Option<Gc<LuaStr>>, LuaError> {
    if st.arg(base, nargs, i).is_nil() {
        Ok(None)
    } else {
        st.check_string(base, nargs, i, fname).map(Some)
    }
}

/// `luaL_checkoption`: the index of the argument (or `def`) in `names`.
pub(crate) fn check_option(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    def: Option<&str>,
    names: &[&str],
) -> Result<usize, LuaError> {
    let name: Vec<u8> = match def {
        Some(d) => match opt_string(st, base, nargs, i, "")? {
            Some(s) => s.as_bytes().to_vec(),
            None => d.as_bytes().to_vec(),
        },
        None => st.check_string(base, nargs, i, "")?.as_bytes().to_vec(),
    };
    let cname = cstring(&name);
    if let Some(k) = names.iter().position(|n| n.as_bytes() == cname.as_bytes()) {
        return Ok(k);
    }
    let msg = format!(
        "invalid option '{}'",
        String::from_utf8_lossy(cname.as_bytes())
    );
    Err(st.arg_error(i + 1, "", &msg))
}

/// `(time_t)` of a Lua number (C's truncating conversion).
fn to_time(n: f64) -> libc::time_t {
    crate::number::c_long(n) as libc::time_t
}

// -- Functions --

fn os_clock(st: &mut State, _base: usize, _nargs: usize) -> R {
    // SAFETY: clock() has no preconditions.
    let c = unsafe { clock() };
    st.push(Value::number(c as f64 / 1_000_000.0));
    Ok(1)
}

fn getenv(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st.check_string(base, nargs, 0, "getenv")?;
    let c = cstring(name.as_bytes());
    // SAFETY: `c` is a valid C string; the result is copied before any other libc call.
    let p = unsafe { libc::getenv(c.as_ptr()) };
    let v = if p.is_null() {
        Value::NIL
    } else {
        // SAFETY: getenv returned a valid NUL-terminated string.
        let s = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
        st.intern(&s)
    };
    st.push(v);
    Ok(1)
}

fn exit(st: &mut State, base: usize, nargs: usize) -> R {
    let code = if st.arg(base, nargs, 0).is_nil() {
        0
    } else {
        st.check_int(base, nargs, 0, "exit")? as i32
    };
    let _ = st.out.flush();
    // C's exit(): flushes every open C stream (files from the io library) too.
    std::process::exit(code)
}

fn execute(st: &mut State, base: usize, nargs: usize) -> R {
    let cmd = opt_string(st, base, nargs, 0, "execute")?;
    let r = match cmd {
        Some(c) => {
            let c = cstring(c.as_bytes());
            // SAFETY: `c` is a valid C string.
            unsafe { libc::system(c.as_ptr()) }
        }
        // SAFETY: system(NULL) only asks whether a shell is available.
        None => unsafe { libc::system(std::ptr::null()) },
    };
    st.push(Value::number(r as f64));
    Ok(1)
}

fn remove(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st.check_string(base, nargs, 0, "remove")?;
    let c = cstring(name.as_bytes());
    // SAFETY: `c` is a valid C string.
    let ok = unsafe { libc::remove(c.as_ptr()) } == 0;
    let en = errno();
    Ok(push_result(st, ok, en, Some(name.as_bytes())))
}

fn rename(st: &mut State, base: usize, nargs: usize) -> R {
    let from = st.check_string(base, nargs, 0, "rename")?;
    let to = st.check_string(base, nargs, 1, "rename")?;
    let cf = cstring(from.as_bytes());
    let ct = cstring(to.as_bytes());
    // SAFETY: both are valid C strings.
    let ok = unsafe { libc::rename(cf.as_ptr(), ct.as_ptr()) } == 0;
    let en = errno();
    Ok(push_result(st, ok, en, Some(from.as_bytes())))
}

fn tmpname(st: &mut State, _base: usize, _nargs: usize) -> R {
    let mut buf = *b"/tmp/lua_XXXXXX\0";
    // SAFETY: `buf` is a writable NUL-terminated template.
    let fd = unsafe { libc::mkstemp(buf.as_mut_ptr() as *mut libc::c_char) };
    if fd == -1 {
        return Err(st.rt_error("unable to generate a unique filename"));
    }
    // SAFETY: `fd` was just opened by mkstemp.
    unsafe { libc::close(fd) };
    let s = st.intern(&buf[..buf.len() - 1]);
    st.push(s);
    Ok(1)
}

fn difftime(st: &mut State, base: usize, nargs: usize) -> R {
    let t1 = to_time(st.check_number(base, nargs, 0, "difftime")?);
    let t0 = if st.arg(base, nargs, 1).is_nil() {
        0
    } else {
        to_time(st.check_number(base, nargs, 1, "difftime")?)
    };
    st.push(Value::number(t1 as f64 - t0 as f64));
    Ok(1)
}

fn setlocale(st: &mut State, base: usize, nargs: usize) -> R {
    const CATS: [libc::c_int; 6] = [
        libc::LC_ALL,
        libc::LC_COLLATE,
        libc::LC_CTYPE,
        libc::LC_MONETARY,
        libc::LC_NUMERIC,
        libc::LC_TIME,
    ];
    let l = opt_string(st, base, nargs, 0, "setlocale")?;
    let op = check_option(
        st,
        base,
        nargs,
        1,
        Some("all"),
        &["all", "collate", "ctype", "monetary", "numeric", "time"],
    )?;
    let lc = l.map(|s| cstring(s.as_bytes()));
    let p = lc.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: `p` is null or a valid C string; the result is copied at once.
    let r = unsafe { libc::setlocale(CATS[op], p) };
    let v = if r.is_null() {
        Value::NIL
    } else {
        // SAFETY: setlocale returned a valid C string.
        let s = unsafe { CStr::from_ptr(r) }.to_bytes().to_vec();
        st.intern(&s)
    };
    st.push(v);
    Ok(1)
}

fn date(st: &mut State, base: usize, nargs: usize) -> R {
    let fmt: Vec<u8> = match opt_string(st, base, nargs, 0, "date")? {
        Some(s) => cstring(s.as_bytes()).into_bytes(),
        None => b"%c".to_vec(),
    };
    let t = if st.arg(base, nargs, 1).is_nil() {
        // SAFETY: time(NULL) has no preconditions.
        unsafe { libc::time(std::ptr::null_mut()) }
    } else {
        to_time(st.check_number(base, nargs, 1, "date")?)
    };
    let (utc, fmt) = match fmt.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, &fmt[..]),
    };
    // SAFETY: an all-zero `tm` is a valid value (its zone pointer is null).
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call.
    let ok = unsafe {
        if utc {
            libc::gmtime_r(&t, &mut tm)
        } else {
            libc::localtime_r(&t, &mut tm)
        }
    };
    if ok.is_null() {
        st.push(Value::NIL);
        return Ok(1);
    }
    if fmt == b"*t" {
        let tab = st.new_table(0, 9);
        let fields: [(&str, i32); 8] = [
            ("sec", tm.tm_sec),
            ("min", tm.tm_min),
            ("hour", tm.tm_hour),
            ("day", tm.tm_mday),
            ("month", tm.tm_mon + 1),
            ("year", tm.tm_year + 1900),
            ("wday", tm.tm_wday + 1),
            ("yday", tm.tm_yday + 1),
        ];
        for (k, v) in fields {
            let k = st.intern_str(k);
            let _ = st.raw_set(tab, k, Value::number(v as f64));
        }
        if tm.tm_isdst >= 0 {
            let k = st.intern_str("isdst");
            let _ = st.raw_set(tab, k, Value::boolean(tm.tm_isdst != 0));
        }
        st.push(Value::table(tab));
        return Ok(1);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c != b'%' || i + 1 == fmt.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let spec = [b'%', fmt[i + 1], 0];
        let mut buf = [0u8; 200];
        // SAFETY: `buf` has the stated size, `spec` is NUL-terminated and `tm` is initialised.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                buf.len(),
                spec.as_ptr() as *const libc::c_char,
                &tm,
            )
        };
        out.extend_from_slice(&buf[..n]);
        i += 2;
    }
    let s = st.intern(&out);
    st.push(s);
    Ok(1)
}

/// `getfield` of `os.time`: an integer field of the date table, or the default (an error when
/// there is none).
fn date_field(st: &mut State, t: Value, key: &str, def: Option<i32>) -> Result<i32, LuaError> {
    let k = st.intern_str(key);
    let v = st.index(t, k)?;
    match to_number(v) {
        Some(n) => Ok(crate::number::c_long(n) as i32),
        None => match def {
            Some(d) => Ok(d),
            None => Err(st.rt_error(format!("field '{key}' missing in date table"))),
        },
    }
}

fn time(st: &mut State, base: usize, nargs: usize) -> R {
    let t = if st.arg(base, nargs, 0).is_nil() {
        // SAFETY: time(NULL) has no preconditions.
        unsafe { libc::time(std::ptr::null_mut()) }
    } else {
        let tab = st.check_table(base, nargs, 0, "time")?;
        let tv = Value::table(tab);
        // SAFETY: an all-zero `tm` is a valid value.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        tm.tm_sec = date_field(st, tv, "sec", Some(0))?;
        tm.tm_min = date_field(st, tv, "min", Some(0))?;
        tm.tm_hour = date_field(st, tv, "hour", Some(12))?;
        tm.tm_mday = date_field(st, tv, "day", None)?;
        tm.tm_mon = date_field(st, tv, "month", None)? - 1;
        tm.tm_year = date_field(st, tv, "year", None)? - 1900;
        let k = st.intern_str("isdst");
        let d = st.index(tv, k)?;
        tm.tm_isdst = if d.is_nil() { -1 } else { d.is_truthy() as i32 };
        // SAFETY: `tm` is a valid, initialised struct.
        unsafe { libc::mktime(&mut tm) }
    };
    if t == -1 {
        st.push(Value::NIL);
    } else {
        st.push(Value::number(t as f64));
    }
    Ok(1)
}
