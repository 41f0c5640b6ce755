//! The Lua 5.1 front end and the bytecode interpreter.
//!
//! Embedding: `new_state()` gives a `State` with the base library; `load` compiles source to a
//! function value; `call_function` runs it.

pub mod arith;
pub mod base;
pub mod compiler;
pub mod corolib;
pub mod debuglib;
pub(crate) mod hooks;
pub mod package;
pub mod tier;
pub mod traceback;
pub mod vm;

use runtime::object::{Function, LuaClosure, Proto, Upval};
use runtime::{Gc, LuaError, State, Value};

/// A fresh VM state with the base library and the interpreter installed.
pub fn new_state() -> Box<State> {
    let mut st = State::new();
    st.call_hook = vm::call;
    st.ops = runtime::state::OpHooks {
        index: |st, t, k| vm::get_table(st, t, k, None),
        newindex: |st, t, k, v| vm::set_table(st, t, k, v, None),
        less_than: vm::less_than,
        equals: vm::equals,
    };
    base::open(&mut st);
    runtime::stdlib::open_all(&mut st);
    corolib::open(&mut st);
    debuglib::open(&mut st);
    package::open(&mut st, None);
    st
}

/// Set `package.path` for a script in `dir` (the script's directory is searched too).
pub fn set_script_dir(st: &mut State, dir: &str) {
    let path = package::default_path(Some(dir));
    let pkg = st.get_global("package");
    if let Some(p) = pkg.as_table() {
        let k = st.intern_str("path");
        let v = st.intern_str(&path);
        let _ = st.raw_set(p, k, v);
    }
}

/// Leave out what reaches the file system or the process: `io`, `os` except
/// `clock`/`time`/`date`, `loadfile`, `dofile`, `require` from files, and `debug`.
pub fn sandbox(st: &mut State) {
    st.set_global("io", Value::NIL);
    // `debug` reaches the registry and any function's environment: not for sandboxes.
    st.set_global("debug", Value::NIL);
    st.set_global("loadfile", Value::NIL);
    st.set_global("dofile", Value::NIL);
    let os = st.get_global("os");
    if let Some(os) = os.as_table() {
        let keep = ["clock", "time", "date", "difftime"];
        let t = st.new_table(0, keep.len());
        for name in keep {
            let k = st.intern_str(name);
            let v = os.get(k);
            if !v.is_nil() {
                let _ = st.raw_set(t, k, v);
            }
        }
        st.set_global("os", Value::table(t));
        let loaded = st.get_global("package");
        if let Some(p) = loaded.as_table() {
            let lk = st.intern_str("loaded");
            if let Some(l) = p.get(lk).as_table() {
                let ok = st.intern_str("os");
                let _ = st.raw_set(l, ok, Value::table(t));
                let ik = st.intern_str("io");
                let _ = st.raw_set(l, ik, Value::NIL);
                let dk = st.intern_str("debug");
                let _ = st.raw_set(l, dk, Value::NIL);
            }
        }
    }
    package::sandbox(st);
}

/// `LUA_IDSIZE` of the reference `lua5.1` (Debian's Lua 5.1.5 keeps luaconf.h's 60): the
/// buffer size for chunk names in runtime errors and tracebacks (`base::chunk_display`).
pub const LUA_IDSIZE: usize = 60;
/// llex.c's `MAXSRC`: the buffer size for chunk names in syntax errors, which Lua 5.1 formats
/// with its own, larger limit.
pub const MAXSRC: usize = 80;

/// Lua 5.1's `luaO_chunkid` for a string chunk, into a buffer of `size` bytes:
/// `[string "first line..."]`.
pub fn string_chunkname(src: &[u8], size: usize) -> String {
    let len = src
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .unwrap_or(src.len());
    // size minus sizeof(" [string \"...\"] ").
    let max = size - 17;
    let shown = len.min(max);
    let body = runtime::rawtext::encode(&src[..shown]);
    if shown < src.len() {
        format!("[string \"{body}...\"]")
    } else {
        format!("[string \"{body}\"]")
    }
}

/// Compile source text into a prototype.
pub fn compile(st: &mut State, src: &[u8], chunkname: &str) -> Result<Gc<Proto>, String> {
    let ast = compiler::parser::parse(src, chunkname).map_err(|e| e.message)?;
    let p = compiler::codegen::compile(&mut st.heap, &ast, chunkname).map_err(|e| e.message)?;
    verified(p)
}

/// The interpreter runs only verified code (it relies on it for unchecked slot, constant and
/// opcode access), so compiler output goes through the verifier too; a failure here is a
/// compiler bug, reported instead of run.
pub fn verified(p: Gc<Proto>) -> Result<Gc<Proto>, String> {
    runtime::bytecode::verify(&p).map_err(|e| format!("internal compiler error: {e}"))?;
    Ok(p)
}

/// Wrap a main prototype into a closure over the globals. A main function has no upvalues
/// when compiled from source; one loaded from a `.bc` file may declare some, which start as
/// fresh nil upvalues (as in Lua).
pub fn closure(st: &mut State, p: Gc<Proto>) -> Value {
    let env = st.globals;
    let upvals: Vec<Gc<Upval>> = (0..p.upvals.len())
        .map(|_| Upval::alloc_closed(&mut st.heap, Value::NIL))
        .collect();
    Value::function(st.heap.alloc(Function::Lua(LuaClosure {
        proto: p,
        upvals: upvals.into_boxed_slice(),
        env,
    })))
}

/// Compile source text into a function value.
pub fn load(st: &mut State, src: &[u8], chunkname: &str) -> Result<Value, String> {
    let p = compile(st, src, chunkname)?;
    Ok(closure(st, p))
}

/// Compile source under a chunk name as Lua gives it (`@file`, `=name` or the source text
/// itself): syntax errors show it with `MAXSRC`, the prototype (runtime errors, tracebacks)
/// with `LUA_IDSIZE`, as in Lua 5.1. `c_calls` as in `parser::parse_at_level`.
pub fn compile_chunkname(
    st: &mut State,
    src: &[u8],
    name: &[u8],
    c_calls: u32,
) -> Result<Gc<Proto>, String> {
    let syntax = base::chunk_id(name, MAXSRC);
    let run = base::chunk_id(name, LUA_IDSIZE);
    let ast = compiler::parser::parse_at_level(src, &syntax, c_calls).map_err(|e| e.message)?;
    let p = compiler::codegen::compile_named(&mut st.heap, &ast, &run, &syntax, Some(name))
        .map_err(|e| e.message)?;
    verified(p)
}

/// `compile_chunkname`, as a closure over the globals.
pub fn load_chunkname(st: &mut State, src: &[u8], name: &[u8]) -> Result<Value, String> {
    let p = compile_chunkname(st, src, name, 1)?;
    Ok(closure(st, p))
}

/// Call `f` with `args`; returns its results.
pub fn call_function(st: &mut State, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
    st.call(f, args)
}
