//! `require`, `module` and the `package` table of Lua 5.1.
//!
//! Searchers (`package.loaders`): `package.preload`, Lua files along `package.path`, native
//! modules along `package.cpath` (only built-in ones such as LuaBitOp's `bit` can be loaded:
//! this VM has no C API), and the all-in-one root searcher. Error messages list every place
//! tried, as 5.1 does. `package.path` defaults to `LUA_PATH` (with `;;` standing for the
//! default) or `./?.lua;./?/init.lua` plus the running script's directory.

use crate::base::read_source;
use runtime::object::{Function, Userdata};
use runtime::state::{LuaError, State};
use runtime::{Gc, Value};

type R = Result<usize, LuaError>;

const STD_LIBS: &[&str] = &["string", "table", "math", "os", "io", "coroutine", "debug"];

fn registry_get(st: &mut State, key: &str) -> Value {
    let k = st.intern_str(key);
    st.registry.get(k)
}

fn registry_set(st: &mut State, key: &str, v: Value) {
    let k = st.intern_str(key);
    let reg = st.registry;
    let _ = st.raw_set(reg, k, v);
}

fn field(st: &mut State, t: Value, name: &str) -> Value {
    let k = st.intern_str(name);
    t.as_table().map(|t| t.get(k)).unwrap_or(Value::NIL)
}

fn set_field(st: &mut State, t: Gc<runtime::object::Table>, name: &str, v: Value) {
    let k = st.intern_str(name);
    let _ = st.raw_set(t, k, v);
}

/// The default search path: `LUA_PATH` (`;;` = default) or `./?.lua;./?/init.lua` and the
/// script directory's equivalents.
pub fn default_path(script_dir: Option<&str>) -> String {
    let mut def = String::from("./?.lua;./?/init.lua");
    if let Some(d) = script_dir.filter(|d| !d.is_empty() && *d != ".") {
        def.push_str(&format!(";{d}/?.lua;{d}/?/init.lua"));
    }
    match std::env::var("LUA_PATH") {
        Ok(p) => p.replace(";;", &format!(";{def};")),
        Err(_) => def,
    }
}

/// Install `package`, `require` and `module`; call after the other libraries are open.
pub fn open(st: &mut State, script_dir: Option<&str>) {
    let pkg = st.register_lib("package", &[("seeall", seeall), ("loadlib", loadlib)]);
    let reqf = st.native("require", require);
    st.set_global("require", reqf);
    let modf = st.native("module", module);
    st.set_global("module", modf);
    let loaded = st.new_table(0, 16);
    registry_set(st, "_LOADED", Value::table(loaded));
    for name in STD_LIBS.iter().chain(["_G", "package"].iter()) {
        let v = st.get_global(name);
        if !v.is_nil() {
            set_field(st, loaded, name, v);
        }
    }
    set_field(st, pkg, "loaded", Value::table(loaded));
    let preload = st.new_table(0, 0);
    set_field(st, pkg, "preload", Value::table(preload));
    let path = default_path(script_dir);
    let pv = st.intern_str(&path);
    set_field(st, pkg, "path", pv);
    let cpath = std::env::var("LUA_CPATH").unwrap_or_default();
    let cv = st.intern_str(&cpath);
    set_field(st, pkg, "cpath", cv);
    let cfg = st.intern_str("/\n;\n?\n!\n-");
    set_field(st, pkg, "config", cfg);
    let loaders = st.new_table(4, 0);
    let searchers: [(&'static str, runtime::object::NativeFn); 4] = [
        ("loader_preload", loader_preload),
        ("loader_Lua", loader_lua),
        ("loader_C", loader_c),
        ("loader_Croot", loader_croot),
    ];
    for (i, (name, f)) in searchers.into_iter().enumerate() {
        let fv = st.native(name, f);
        let _ = st.raw_set(loaders, Value::number(i as f64 + 1.0), fv);
    }
    set_field(st, pkg, "loaders", Value::table(loaders));
    let sentinel = st.heap.alloc(Userdata {
        meta: None,
        env: None,
        data: Box::new(()),
    });
    registry_set(st, "_SENTINEL", Value::userdata(sentinel));
}

/// Restrict module loading to `package.preload` and built-in modules (for `--sandbox`).
pub fn sandbox(st: &mut State) {
    let pkg = st.get_global("package");
    if let Some(p) = pkg.as_table() {
        let empty = st.intern_str("");
        set_field(st, p, "path", empty);
        set_field(st, p, "cpath", empty);
    }
}

fn package(st: &mut State) -> Value {
    st.get_global("package")
}

fn require(st: &mut State, base: usize, nargs: usize) -> R {
    let name_s = st.check_string(base, nargs, 0, "require")?;
    let name = Value::string(name_s);
    let loaded = registry_get(st, "_LOADED");
    let Some(loaded_t) = loaded.as_table() else {
        return Err(st.rt_error("'package.loaded' must be a table"));
    };
    let sentinel = registry_get(st, "_SENTINEL");
    let cur = loaded_t.get(name);
    if cur.is_truthy() {
        if cur == sentinel {
            let n = name_s.to_str_lossy().into_owned();
            return Err(st.rt_error(format!("loop or previous error loading module '{n}'")));
        }
        st.push(cur);
        return Ok(1);
    }
    let pkg = package(st);
    let loaders = field(st, pkg, "loaders");
    let Some(loaders) = loaders.as_table() else {
        return Err(st.rt_error("'package.loaders' must be a table"));
    };
    let mut msg = Vec::new();
    let mut i = 1;
    let loader = loop {
        let l = loaders.get_int(i);
        if l.is_nil() {
            let n = name_s.to_str_lossy().into_owned();
            let m = String::from_utf8_lossy(&msg).into_owned();
            return Err(st.rt_error(format!("module '{n}' not found:{m}")));
        }
        let r = st.call(l, &[name])?;
        let v = r.first().copied().unwrap_or(Value::NIL);
        if v.is_function() {
            break v;
        }
        if let Some(s) = v.as_string() {
            msg.extend_from_slice(s.as_bytes());
        } else if let Some(n) = v.as_number() {
            msg.extend_from_slice(runtime::number::fmt_number(n).as_bytes());
        }
        i += 1;
    };
    st.raw_set(loaded_t, name, sentinel)?;
    let r = st.call(loader, &[name])?;
    let v = r.first().copied().unwrap_or(Value::NIL);
    if !v.is_nil() {
        st.raw_set(loaded_t, name, v)?;
    }
    let mut res = loaded_t.get(name);
    if res == sentinel {
        res = Value::TRUE;
        st.raw_set(loaded_t, name, res)?;
    }
    st.push(res);
    Ok(1)
}

fn push_str(st: &mut State, s: &str) -> R {
    let v = st.intern_str(s);
    st.push(v);
    Ok(1)
}

fn loader_preload(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st
        .check_string(base, nargs, 0, "loader_preload")?
        .to_str_lossy()
        .into_owned();
    let pkg = package(st);
    let pre = field(st, pkg, "preload");
    let Some(pre) = pre.as_table() else {
        return Err(st.rt_error("'package.preload' must be a table"));
    };
    let k = st.intern_str(&name);
    let v = pre.get(k);
    if v.is_nil() {
        return push_str(st, &format!("\n\tno field package.preload['{name}']"));
    }
    st.push(v);
    Ok(1)
}

/// Search `path` (a `package` field) for `name`: the first readable file, or the list tried.
fn find_file(st: &mut State, name: &str, which: &str) -> Result<Result<String, String>, LuaError> {
    let pkg = package(st);
    let p = field(st, pkg, which);
    let Some(path) = p.as_string() else {
        return Err(st.rt_error(format!("'package.{which}' must be a string")));
    };
    let path = path.to_str_lossy().into_owned();
    let fname = name.replace('.', "/");
    let mut tried = String::new();
    for templ in path.split(';').filter(|t| !t.is_empty()) {
        let file = templ.replace('?', &fname);
        if std::fs::File::open(&file).is_ok_and(|f| f.metadata().is_ok_and(|m| !m.is_dir())) {
            return Ok(Ok(file));
        }
        tried.push_str(&format!("\n\tno file '{file}'"));
    }
    Ok(Err(tried))
}

fn loader_lua(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st
        .check_string(base, nargs, 0, "loader_Lua")?
        .to_str_lossy()
        .into_owned();
    match find_file(st, &name, "path")? {
        Err(tried) => push_str(st, &tried),
        Ok(file) => {
            let r = read_source(&file)
                .and_then(|src| crate::load_chunkname(st, &src, format!("@{file}").as_bytes()));
            match r {
                Ok(f) => {
                    st.push(f);
                    Ok(1)
                }
                Err(e) => Err(st.rt_error(format!(
                    "error loading module '{name}' from file '{file}':\n\t{e}"
                ))),
            }
        }
    }
}

/// Built-in "native" modules: what a C module of that name would provide.
fn builtin_native(st: &mut State, name: &str) -> Option<Value> {
    match name {
        "bit" => Some(st.native("luaopen_bit", open_bit)),
        _ => None,
    }
}

fn open_bit(st: &mut State, _base: usize, _nargs: usize) -> R {
    let t = runtime::stdlib::bit::open(st);
    // LuaBitOp registers the global too.
    st.set_global("bit", t);
    st.push(t);
    Ok(1)
}

fn loader_c(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st
        .check_string(base, nargs, 0, "loader_C")?
        .to_str_lossy()
        .into_owned();
    if let Some(f) = builtin_native(st, &name) {
        st.push(f);
        return Ok(1);
    }
    match find_file(st, &name, "cpath")? {
        Err(tried) => push_str(st, &tried),
        Ok(file) => Err(st.rt_error(format!(
            "error loading module '{name}' from file '{file}':\n\tnative modules are not supported by this VM"
        ))),
    }
}

fn loader_croot(st: &mut State, base: usize, nargs: usize) -> R {
    let name = st
        .check_string(base, nargs, 0, "loader_Croot")?
        .to_str_lossy()
        .into_owned();
    let Some(dot) = name.find('.') else {
        return Ok(0);
    };
    let root = name[..dot].to_string();
    match find_file(st, &root, "cpath")? {
        Err(tried) => push_str(st, &tried),
        Ok(file) => Err(st.rt_error(format!(
            "error loading module '{name}' from file '{file}':\n\tnative modules are not supported by this VM"
        ))),
    }
}

fn loadlib(st: &mut State, _base: usize, _nargs: usize) -> R {
    st.push(Value::NIL);
    let m = st.intern_str("dynamic libraries not enabled; check your Lua installation");
    st.push(m);
    let w = st.intern_str("absent");
    st.push(w);
    Ok(3)
}

fn seeall(st: &mut State, base: usize, nargs: usize) -> R {
    let m = st.check_table(base, nargs, 0, "seeall")?;
    let mt = match m.meta {
        Some(mt) => mt,
        None => {
            let mt = st.new_table(0, 1);
            // SAFETY: no other reference to the module table is live.
            unsafe { m.get_mut() }.meta = Some(mt);
            mt
        }
    };
    let g = Value::table(st.globals);
    set_field(st, mt, "__index", g);
    Ok(0)
}

fn module(st: &mut State, base: usize, nargs: usize) -> R {
    let name_s = st.check_string(base, nargs, 0, "module")?;
    let name = name_s.to_str_lossy().into_owned();
    let loaded = registry_get(st, "_LOADED");
    let Some(loaded_t) = loaded.as_table() else {
        return Err(st.rt_error("'package.loaded' must be a table"));
    };
    let mut m = loaded_t.get(Value::string(name_s));
    if !m.is_table() {
        // Find or create the global table along the dotted name.
        let mut t = st.globals;
        for part in name.split('.') {
            let k = st.intern_str(part);
            let v = t.get(k);
            t = match v.as_table() {
                Some(nt) => nt,
                None if v.is_nil() => {
                    let nt = st.new_table(0, 0);
                    st.raw_set(t, k, Value::table(nt))?;
                    nt
                }
                None => return Err(st.rt_error(format!("name conflict for module '{name}'"))),
            };
        }
        m = Value::table(t);
        st.raw_set(loaded_t, Value::string(name_s), m)?;
    }
    let mt = m.as_table().unwrap();
    if field(st, m, "_NAME").is_nil() {
        set_field(st, mt, "_M", m);
        let nv = Value::string(name_s);
        set_field(st, mt, "_NAME", nv);
        let pkg_part = match name.rfind('.') {
            Some(i) => &name[..=i],
            None => "",
        };
        let pv = st.intern_str(pkg_part);
        set_field(st, mt, "_PACKAGE", pv);
    }
    // The calling function's environment becomes the module.
    let caller = match st.level(1) {
        Some(runtime::state::Level::Frame(i)) => Some(st.cur.frames[i].closure),
        _ => None,
    };
    match caller {
        Some(f) if matches!(&*f, Function::Lua(_)) => {
            // SAFETY: no other reference to the closure is live.
            unsafe { f.get_mut() }.set_env(mt);
        }
        _ => return Err(st.rt_error("'module' not called from a Lua function")),
    }
    for i in 1..nargs {
        let opt = st.arg(base, nargs, i);
        st.call(opt, &[m])?;
    }
    Ok(0)
}
