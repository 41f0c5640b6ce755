//! The `io` library of Lua 5.1.5. File handles are userdata (metatable `FILE*` in the
//! registry) wrapping a C `FILE *`, so buffering, `fopen` modes, `fscanf("%lf")` for `*n`,
//! `fseek` and error texts behave as in the reference. The one exception is standard output:
//! writes to `io.stdout` go to `State::out`, the buffer `print` uses, so both interleave.

use super::os::{check_option, cstring, errno, opt_string, push_result};
use crate::gc::Gc;
use crate::object::{Function, NativeClosure, Table, Userdata};
use crate::state::{LuaError, State};
use crate::Value;
use std::io::Write;

type R = Result<usize, LuaError>;

/// `LUAL_BUFFERSIZE` (= `BUFSIZ`): the chunk size of line and block reads.
const BUFSIZE: usize = 8192;

const IO_INPUT: i64 = 1;
const IO_OUTPUT: i64 = 2;

mod cstd {
    extern "C" {
        pub static stdin: *mut libc::FILE;
        pub static stdout: *mut libc::FILE;
        pub static stderr: *mut libc::FILE;
    }
}

fn c_stdout() -> *mut libc::FILE {
    // SAFETY: glibc's `stdout` is initialised before main and never reassigned here.
    unsafe { cstd::stdout }
}

/// How a handle is closed (the `__close` of its environment in the reference).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Closer {
    /// A standard stream: "cannot close standard file".
    Std,
    /// `fclose`.
    File,
    /// `pclose`.
    Pipe,
}

/// The payload of a file handle.
pub struct LFile {
    fp: *mut libc::FILE,
    closer: Closer,
}

impl Drop for LFile {
    fn drop(&mut self) {
        if self.fp.is_null() {
            return;
        }
        // SAFETY: `fp` is an open stream owned by this handle (standard streams are not closed).
        unsafe {
            match self.closer {
                Closer::Std => {}
                Closer::File => {
                    libc::fclose(self.fp);
                }
                Closer::Pipe => {
                    libc::pclose(self.fp);
                }
            }
        }
        self.fp = std::ptr::null_mut();
    }
}

/// Library state kept in `State::ext`: the handle metatable and the table holding the default
/// input and output files (both also referenced from the registry, which keeps them alive).
struct IoState {
    meta: Gc<Table>,
    env: Gc<Table>,
}

fn io_state(st: &State) -> (Gc<Table>, Gc<Table>) {
    let s = st
        .ext
        .get("io")
        .and_then(|b| b.downcast_ref::<IoState>())
        .expect("io library not opened");
    (s.meta, s.env)
}

pub fn open(st: &mut State) {
    let meta = st.new_table(0, 10);
    let methods: &[(&'static str, crate::object::NativeFn)] = &[
        ("close", io_close),
        ("flush", f_flush),
        ("lines", f_lines),
        ("read", f_read),
        ("seek", f_seek),
        ("setvbuf", f_setvbuf),
        ("write", f_write),
        ("__gc", io_gc),
        ("__tostring", io_tostring),
    ];
    for &(name, f) in methods {
        let fv = st.native(name, f);
        let k = st.intern_str(name);
        let _ = st.raw_set(meta, k, fv);
    }
    let k = st.intern_str("__index");
    let _ = st.raw_set(meta, k, Value::table(meta));
    let k = st.intern_str("FILE*");
    let _ = st.raw_set(st.registry, k, Value::table(meta));
    let env = st.new_table(2, 0);
    let k = st.intern_str("io.env");
    let _ = st.raw_set(st.registry, k, Value::table(env));
    st.ext.insert("io", Box::new(IoState { meta, env }));

    let lib = st.register_lib(
        "io",
        &[
            ("close", io_close),
            ("flush", io_flush),
            ("input", io_input),
            ("lines", io_lines),
            ("open", io_open),
            ("output", io_output),
            ("popen", io_popen),
            ("read", io_read),
            ("tmpfile", io_tmpfile),
            ("type", io_type),
            ("write", io_write),
        ],
    );
    // SAFETY: glibc's standard streams are initialised before main.
    let (i, o, e) = unsafe { (cstd::stdin, cstd::stdout, cstd::stderr) };
    for (fp, slot, name) in [
        (i, IO_INPUT, "stdin"),
        (o, IO_OUTPUT, "stdout"),
        (e, 0, "stderr"),
    ] {
        let f = new_file(st, fp, Closer::Std);
        if slot > 0 {
            // SAFETY: no other reference to `env` is live.
            unsafe { env.get_mut() }.set_int(&mut st.heap, slot, f);
        }
        let k = st.intern_str(name);
        let _ = st.raw_set(lib, k, f);
    }
}

fn new_file(st: &mut State, fp: *mut libc::FILE, closer: Closer) -> Value {
    let (meta, _) = io_state(st);
    let u = st.heap.alloc(Userdata {
        meta: Some(meta),
        env: None,
        data: Box::new(LFile { fp, closer }),
    });
    Value::userdata(u)
}

/// The file payload of `v` if it is a file handle.
fn as_file(st: &State, v: Value) -> Option<Gc<Userdata>> {
    let u = v.as_userdata()?;
    let (meta, _) = io_state(st);
    if u.meta == Some(meta) && u.data.is::<LFile>() {
        Some(u)
    } else {
        None
    }
}

fn lfile(u: Gc<Userdata>) -> &'static mut LFile {
    // SAFETY: callers use the result briefly and never hold two references to one handle; the
    // userdata stays alive because it is on the Lua stack.
    unsafe { u.get_mut() }
        .data
        .downcast_mut::<LFile>()
        .expect("file handle")
}

/// `tofilep`: argument 1 must be a file handle (open or closed).
fn check_handle(st: &mut State, base: usize, nargs: usize) -> Result<Gc<Userdata>, LuaError> {
    let v = st.arg(base, nargs, 0);
    match as_file(st, v) {
        Some(u) => Ok(u),
        None => Err(st.type_error(1, "", "FILE*", (nargs > 0).then_some(v))),
    }
}

/// `tofile`: argument 1 must be an open file handle.
fn check_open(st: &mut State, base: usize, nargs: usize) -> Result<Gc<Userdata>, LuaError> {
    let u = check_handle(st, base, nargs)?;
    if lfile(u).fp.is_null() {
        return Err(st.rt_error("attempt to use a closed file"));
    }
    Ok(u)
}

/// `getiofile`: the default input or output file, which must be open.
fn default_file(st: &mut State, which: i64) -> Result<Gc<Userdata>, LuaError> {
    let (_, env) = io_state(st);
    let v = env.get_int(which);
    let u = as_file(st, v).expect("default file");
    if lfile(u).fp.is_null() {
        let name = if which == IO_INPUT { "input" } else { "output" };
        return Err(st.rt_error(format!("standard {name} file is closed")));
    }
    Ok(u)
}

fn fopen(name: &[u8], mode: &[u8]) -> *mut libc::FILE {
    let n = cstring(name);
    let m = cstring(mode);
    // SAFETY: both are valid C strings.
    unsafe { libc::fopen(n.as_ptr(), m.as_ptr()) }
}

// -- Closing --

/// `aux_close`: close a handle the way its kind requires.
fn aux_close(st: &mut State, u: Gc<Userdata>) -> usize {
    let f = lfile(u);
    match f.closer {
        Closer::Std => {
            st.push(Value::NIL);
            let m = st.intern_str("cannot close standard file");
            st.push(m);
            2
        }
        Closer::File => {
            let fp = std::mem::replace(&mut f.fp, std::ptr::null_mut());
            // SAFETY: `fp` was open and is now detached from the handle.
            let ok = unsafe { libc::fclose(fp) } == 0;
            let en = errno();
            push_result(st, ok, en, None)
        }
        Closer::Pipe => {
            let fp = std::mem::replace(&mut f.fp, std::ptr::null_mut());
            // SAFETY: `fp` was opened by popen and is now detached from the handle.
            let ok = unsafe { libc::pclose(fp) } != -1;
            let en = errno();
            push_result(st, ok, en, None)
        }
    }
}

fn io_close(st: &mut State, base: usize, nargs: usize) -> R {
    let u = if nargs == 0 {
        let (_, env) = io_state(st);
        let v = env.get_int(IO_OUTPUT);
        st.push(v);
        check_open(st, base, 1)?
    } else {
        check_open(st, base, nargs)?
    };
    Ok(aux_close(st, u))
}

fn io_gc(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_handle(st, base, nargs)?;
    if !lfile(u).fp.is_null() {
        aux_close(st, u);
    }
    Ok(0)
}

fn io_tostring(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_handle(st, base, nargs)?;
    let fp = lfile(u).fp;
    let s = if fp.is_null() {
        "file (closed)".to_string()
    } else {
        format!("file ({fp:p})")
    };
    let v = st.intern_str(&s);
    st.push(v);
    Ok(1)
}

fn io_type(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_any(nargs, 0, "type")?;
    let v = st.arg(base, nargs, 0);
    let r = match as_file(st, v) {
        None => Value::NIL,
        Some(u) if lfile(u).fp.is_null() => st.intern_str("closed file"),
        Some(_) => st.intern_str("file"),
    };
    st.push(r);
    Ok(1)
}

// -- Opening --

fn io_open(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st.check_string(base, nargs, 0, "open")?;
    let mode = opt_string(st, base, nargs, 1, "open")?;
    let mode: &[u8] = match &mode {
        Some(m) => m.as_bytes(),
        None => b"r",
    };
    let fp = fopen(name.as_bytes(), mode);
    if fp.is_null() {
        let en = errno();
        return Ok(push_result(st, false, en, Some(name.as_bytes())));
    }
    let f = new_file(st, fp, Closer::File);
    st.push(f);
    Ok(1)
}

fn io_popen(st: &mut State, base: usize, nargs: usize) -> R {
    let cmd = st.check_string(base, nargs, 0, "popen")?;
    let mode = opt_string(st, base, nargs, 1, "popen")?;
    let mode: &[u8] = match &mode {
        Some(m) => m.as_bytes(),
        None => b"r",
    };
    // As lua_popen does: flush every output stream first.
    let _ = st.out.flush();
    let c = cstring(cmd.as_bytes());
    let m = cstring(mode);
    // SAFETY: fflush(NULL) flushes all streams; `c` and `m` are valid C strings.
    let fp = unsafe {
        libc::fflush(std::ptr::null_mut());
        libc::popen(c.as_ptr(), m.as_ptr())
    };
    if fp.is_null() {
        let en = errno();
        return Ok(push_result(st, false, en, Some(cmd.as_bytes())));
    }
    let f = new_file(st, fp, Closer::Pipe);
    st.push(f);
    Ok(1)
}

fn io_tmpfile(st: &mut State, _base: usize, _nargs: usize) -> R {
    // SAFETY: tmpfile has no preconditions.
    let fp = unsafe { libc::tmpfile() };
    if fp.is_null() {
        let en = errno();
        return Ok(push_result(st, false, en, None));
    }
    let f = new_file(st, fp, Closer::File);
    st.push(f);
    Ok(1)
}

/// `io.input` / `io.output`: set the default file from a name or a handle; return it.
fn g_iofile(st: &mut State, base: usize, nargs: usize, which: i64, mode: &[u8]) -> R {
    let (_, env) = io_state(st);
    let a = st.arg(base, nargs, 0);
    if !a.is_nil() {
        let name = if a.is_string() || a.is_number() {
            Some(st.check_string(base, nargs, 0, "")?)
        } else {
            None
        };
        let f = match name {
            Some(name) => {
                let fp = fopen(name.as_bytes(), mode);
                if fp.is_null() {
                    let en = errno();
                    return Err(file_error(st, 1, name.as_bytes(), en));
                }
                new_file(st, fp, Closer::File)
            }
            None => {
                check_open(st, base, nargs)?;
                a
            }
        };
        // SAFETY: no other reference to `env` is live.
        unsafe { env.get_mut() }.set_int(&mut st.heap, which, f);
    }
    let cur = env.get_int(which);
    st.push(cur);
    Ok(1)
}

fn io_input(st: &mut State, base: usize, nargs: usize) -> R {
    g_iofile(st, base, nargs, IO_INPUT, b"r")
}

fn io_output(st: &mut State, base: usize, nargs: usize) -> R {
    g_iofile(st, base, nargs, IO_OUTPUT, b"w")
}

/// `fileerror`: `bad argument #n to 'f' (name: strerror)`.
fn file_error(st: &mut State, n: usize, name: &[u8], en: i32) -> LuaError {
    let msg = format!(
        "{}: {}",
        String::from_utf8_lossy(cstring(name).as_bytes()),
        super::os::strerror(en)
    );
    st.arg_error(n, "", &msg)
}

// -- Lines --

fn lines_iter(st: &mut State, _base: usize, _nargs: usize) -> R {
    let (file, toclose) = {
        let ci = st.cur.frames.last().expect("native frame");
        match &*ci.closure {
            Function::Native(nc) => (nc.upvals[0], nc.upvals[1].is_truthy()),
            Function::Lua(_) => unreachable!("lines iterator is native"),
        }
    };
    let u = file.as_userdata().expect("file upvalue");
    let fp = lfile(u).fp;
    if fp.is_null() {
        return Err(st.rt_error("file is already closed"));
    }
    let (line, ok) = read_line(fp);
    // SAFETY: `fp` is an open stream.
    if unsafe { libc::ferror(fp) } != 0 {
        let en = errno();
        return Err(st.rt_error(super::os::strerror(en)));
    }
    if ok {
        let s = st.intern(&line);
        st.push(s);
        return Ok(1);
    }
    if toclose {
        let top = st.top();
        aux_close(st, u);
        st.set_top(top);
    }
    Ok(0)
}

fn make_lines(st: &mut State, file: Value, toclose: bool) -> Value {
    let env = st.globals;
    let f = st.heap.alloc(Function::Native(NativeClosure {
        f: lines_iter,
        name: "lines",
        upvals: Box::new([file, Value::boolean(toclose)]),
        env,
    }));
    Value::function(f)
}

fn f_lines(st: &mut State, base: usize, nargs: usize) -> R {
    check_open(st, base, nargs)?;
    let file = st.arg(base, nargs, 0);
    let it = make_lines(st, file, false);
    st.push(it);
    Ok(1)
}

fn io_lines(st: &mut State, base: usize, nargs: usize) -> R {
    if nargs == 0 {
        let (_, env) = io_state(st);
        let v = env.get_int(IO_INPUT);
        st.push(v);
        return f_lines(st, base, 1);
    }
    if st.arg(base, nargs, 0).is_nil() {
        // The reference pushes the default input above the nil and then checks argument 1.
        return f_lines(st, base, nargs);
    }
    let name = st.check_string(base, nargs, 0, "lines")?;
    let fp = fopen(name.as_bytes(), b"r");
    if fp.is_null() {
        let en = errno();
        return Err(file_error(st, 1, name.as_bytes(), en));
    }
    let f = new_file(st, fp, Closer::File);
    st.push(f);
    let it = make_lines(st, f, true);
    st.push(it);
    Ok(1)
}

// -- Reading --

/// `read_line`: the next line without its newline; false at end of file with nothing read.
/// Uses `fgets` chunks like the reference (bytes after a NUL in a chunk are lost, as there).
fn read_line(fp: *mut libc::FILE) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; BUFSIZE];
    loop {
        // SAFETY: `buf` holds BUFSIZE bytes; `fp` is an open stream.
        let p = unsafe {
            libc::fgets(
                buf.as_mut_ptr() as *mut libc::c_char,
                BUFSIZE as libc::c_int,
                fp,
            )
        };
        if p.is_null() {
            let ok = !out.is_empty();
            return (out, ok);
        }
        let l = buf.iter().position(|&b| b == 0).unwrap_or(BUFSIZE);
        if l == 0 || buf[l - 1] != b'\n' {
            out.extend_from_slice(&buf[..l]);
        } else {
            out.extend_from_slice(&buf[..l - 1]);
            return (out, true);
        }
    }
}

/// `read_chars`: up to `n` bytes; false when `n > 0` and nothing could be read.
fn read_chars(fp: *mut libc::FILE, mut n: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut rlen = BUFSIZE;
    loop {
        if rlen > n {
            rlen = n;
        }
        let old = out.len();
        out.resize(old + rlen, 0);
        // SAFETY: `out` has `rlen` writable bytes after `old`; `fp` is an open stream.
        let nr =
            unsafe { libc::fread(out.as_mut_ptr().add(old) as *mut libc::c_void, 1, rlen, fp) };
        out.truncate(old + nr);
        n -= nr;
        if !(n > 0 && nr == rlen) {
            break;
        }
    }
    let ok = n == 0 || !out.is_empty();
    (out, ok)
}

fn read_number(fp: *mut libc::FILE) -> Option<f64> {
    let mut d = 0.0f64;
    // SAFETY: the format has one `%lf` conversion matching `&mut d`; `fp` is an open stream.
    let r = unsafe { libc::fscanf(fp, c"%lf".as_ptr(), &mut d as *mut f64) };
    (r == 1).then_some(d)
}

fn test_eof(fp: *mut libc::FILE) -> bool {
    // SAFETY: `fp` is an open stream.
    unsafe {
        let c = libc::fgetc(fp);
        libc::ungetc(c, fp);
        c != libc::EOF
    }
}

/// `g_read`: the formats are the arguments from index `first` (0-based); argument numbers in
/// messages count from 1 at index 0.
fn g_read(st: &mut State, u: Gc<Userdata>, base: usize, nargs: usize, first: usize) -> R {
    let fp = lfile(u).fp;
    // SAFETY: `fp` is an open stream.
    unsafe { libc::clearerr(fp) };
    let mut pushed = 0usize;
    let mut success;
    if nargs <= first {
        let (line, ok) = read_line(fp);
        success = ok;
        let s = st.intern(&line);
        st.push(s);
        pushed = 1;
    } else {
        success = true;
        let mut n = first;
        while n < nargs && success {
            let a = st.arg(base, nargs, n);
            if let Some(x) = a.as_number() {
                let l = crate::number::c_long(x) as usize;
                if l == 0 {
                    success = test_eof(fp);
                    let s = st.intern(b"");
                    st.push(s);
                } else {
                    let (data, ok) = read_chars(fp, l);
                    success = ok;
                    let s = st.intern(&data);
                    st.push(s);
                }
            } else {
                let fmt = a.as_string().map(|s| s.as_bytes().to_vec());
                let fmt = match fmt {
                    Some(f) if f.first() == Some(&b'*') => f,
                    _ => return Err(st.arg_error(n + 1, "read", "invalid option")),
                };
                match fmt.get(1) {
                    Some(b'n') => match read_number(fp) {
                        Some(d) => st.push(Value::number(d)),
                        None => {
                            success = false;
                            st.push(Value::NIL);
                        }
                    },
                    Some(b'l') => {
                        let (line, ok) = read_line(fp);
                        success = ok;
                        let s = st.intern(&line);
                        st.push(s);
                    }
                    Some(b'a') => {
                        let (data, _) = read_chars(fp, usize::MAX);
                        success = true;
                        let s = st.intern(&data);
                        st.push(s);
                    }
                    _ => return Err(st.arg_error(n + 1, "read", "invalid format")),
                }
            }
            pushed += 1;
            n += 1;
        }
    }
    // SAFETY: `fp` is an open stream.
    if unsafe { libc::ferror(fp) } != 0 {
        let en = errno();
        return Ok(push_result(st, false, en, None));
    }
    if !success {
        let top = st.top();
        st.set_top(top - 1);
        st.push(Value::NIL);
    }
    Ok(pushed)
}

fn io_read(st: &mut State, base: usize, nargs: usize) -> R {
    let u = default_file(st, IO_INPUT)?;
    g_read(st, u, base, nargs, 0)
}

fn f_read(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_open(st, base, nargs)?;
    g_read(st, u, base, nargs, 1)
}

// -- Writing --

fn g_write(st: &mut State, u: Gc<Userdata>, base: usize, nargs: usize, first: usize) -> R {
    let fp = lfile(u).fp;
    let to_out = fp == c_stdout();
    let mut status = true;
    let mut num = String::new();
    for i in first..nargs {
        let a = st.arg(base, nargs, i);
        let s;
        let bytes: &[u8] = if let Some(x) = a.as_number() {
            num.clear();
            crate::number::write_number(&mut num, x);
            num.as_bytes()
        } else {
            s = st.check_string(base, nargs, i, "write")?;
            s.as_bytes()
        };
        if !status {
            continue;
        }
        status = if to_out {
            st.out.write_all(bytes).is_ok()
        } else {
            // SAFETY: `bytes` is valid for its length; `fp` is an open stream.
            let w =
                unsafe { libc::fwrite(bytes.as_ptr() as *const libc::c_void, 1, bytes.len(), fp) };
            w == bytes.len()
        };
    }
    let en = errno();
    Ok(push_result(st, status, en, None))
}

fn io_write(st: &mut State, base: usize, nargs: usize) -> R {
    let u = default_file(st, IO_OUTPUT)?;
    g_write(st, u, base, nargs, 0)
}

fn f_write(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_open(st, base, nargs)?;
    g_write(st, u, base, nargs, 1)
}

// -- Flushing, seeking, buffering --

fn flush_file(st: &mut State, fp: *mut libc::FILE) -> usize {
    let mut ok = true;
    if fp == c_stdout() {
        ok = st.out.flush().is_ok();
    }
    // SAFETY: `fp` is an open stream.
    ok &= unsafe { libc::fflush(fp) } == 0;
    let en = errno();
    push_result(st, ok, en, None)
}

fn io_flush(st: &mut State, _base: usize, _nargs: usize) -> R {
    let u = default_file(st, IO_OUTPUT)?;
    let fp = lfile(u).fp;
    Ok(flush_file(st, fp))
}

fn f_flush(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_open(st, base, nargs)?;
    let fp = lfile(u).fp;
    Ok(flush_file(st, fp))
}

fn f_seek(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_open(st, base, nargs)?;
    let op = check_option(st, base, nargs, 1, Some("cur"), &["set", "cur", "end"])?;
    let whence = [libc::SEEK_SET, libc::SEEK_CUR, libc::SEEK_END][op];
    let off = st.opt_int(base, nargs, 2, "seek", 0)?;
    let fp = lfile(u).fp;
    if fp == c_stdout() {
        let _ = st.out.flush();
    }
    // SAFETY: `fp` is an open stream.
    let r = unsafe { libc::fseek(fp, off as libc::c_long, whence) };
    if r != 0 {
        let en = errno();
        return Ok(push_result(st, false, en, None));
    }
    // SAFETY: `fp` is an open stream.
    let pos = unsafe { libc::ftell(fp) };
    st.push(Value::number(pos as f64));
    Ok(1)
}

fn f_setvbuf(st: &mut State, base: usize, nargs: usize) -> R {
    let u = check_open(st, base, nargs)?;
    let op = check_option(st, base, nargs, 1, None, &["no", "full", "line"])?;
    let mode = [libc::_IONBF, libc::_IOFBF, libc::_IOLBF][op];
    let size = st.opt_int(base, nargs, 2, "setvbuf", BUFSIZE as i64)?;
    let fp = lfile(u).fp;
    if fp == c_stdout() {
        let _ = st.out.flush();
    }
    // SAFETY: `fp` is an open stream; a null buffer lets the library allocate one.
    let r = unsafe { libc::setvbuf(fp, std::ptr::null_mut(), mode, size as libc::size_t) };
    let en = errno();
    Ok(push_result(st, r == 0, en, None))
}
