//! `vm`: run Lua 5.1 programs (`.lua` source or verified `.bc` bytecode), compile them, list them.
//!
//! ```text
//! vm [options] [script [args...]]     run a script ('-' reads stdin)
//! vm compile FILE.lua -o FILE.bc      compile to bytecode
//! vm dis FILE                         list bytecode (source or .bc)
//! ```

use clap::{Arg, ArgAction, Command};
use runtime::{State, Value};
use std::io::{Read, Write};
use std::process::ExitCode;

const PROGNAME: &str = "vm";

fn run_cli() -> Command {
    Command::new("vm")
        .about("A Lua 5.1 virtual machine")
        .disable_version_flag(true)
        .arg(
            Arg::new("execute")
                .short('e')
                .value_name("CODE")
                .action(ArgAction::Append)
                .help("execute string CODE"),
        )
        .arg(
            Arg::new("library")
                .short('l')
                .value_name("NAME")
                .action(ArgAction::Append)
                .help("require library NAME (in order with -e)"),
        )
        .arg(
            Arg::new("version")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("show version information"),
        )
        .arg(
            Arg::new("gc-stress")
                .long("gc-stress")
                .action(ArgAction::SetTrue)
                .help("collect garbage at every safepoint (also VM_GC_STRESS=1)"),
        )
        .arg(
            Arg::new("sandbox")
                .long("sandbox")
                .action(ArgAction::SetTrue)
                .help("leave out io, os (except clock/time/date), loadfile, dofile and require from files"),
        )
        .arg(
            Arg::new("stack-limit")
                .long("stack-limit")
                .value_name("FRAMES")
                .value_parser(clap::value_parser!(u64).range(10..=10_000_000))
                .help("maximum Lua call depth before 'stack overflow' (default 200000)"),
        )
        .arg(
            Arg::new("memory-limit")
                .long("memory-limit")
                .value_name("MB")
                .value_parser(clap::value_parser!(u64).range(1..))
                .help("fail with 'not enough memory' when the heap grows past MB megabytes"),
        )
        .arg(
            Arg::new("jit")
                .long("jit")
                .value_name("MODE")
                .num_args(0..=1)
                .require_equals(true)
                .default_missing_value("on")
                .value_parser(["on", "off", "eager"])
                .help("enable the JIT tier (--jit=eager: compile every function at its first call)"),
        )
        .arg(
            Arg::new("jit-threshold")
                .long("jit-threshold")
                .value_name("N")
                .value_parser(clap::value_parser!(u32))
                .help("calls plus loop iterations before a function is compiled (default 200)"),
        )
        .arg(
            Arg::new("jit-stats")
                .long("jit-stats")
                .action(ArgAction::SetTrue)
                .help("print JIT statistics to stderr at exit"),
        )
        .arg(
            Arg::new("jit-dump")
                .long("jit-dump")
                .action(ArgAction::SetTrue)
                .help("print each compiled function's bytecode, Cranelift IR and machine code to stderr"),
        )
        .arg(
            Arg::new("script")
                .value_name("SCRIPT")
                .help("script to run ('-' for stdin)"),
        )
        .arg(
            Arg::new("args")
                .value_name("ARGS")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true),
        )
}

fn compile_cli() -> Command {
    Command::new("vm compile")
        .about("Compile a Lua source file to verified bytecode")
        .arg(Arg::new("input").required(true).value_name("FILE.lua"))
        .arg(
            Arg::new("output")
                .short('o')
                .value_name("FILE.bc")
                .help("output file (default: luac.out)"),
        )
}

fn dis_cli() -> Command {
    Command::new("vm dis")
        .about("List the bytecode of a source or .bc file")
        .arg(Arg::new("input").required(true))
}

/// Native stack of the thread that runs Lua. Only touched pages cost memory; compiled code
/// may use `JIT_STACK_BUDGET` of it for native recursion between compiled functions, the rest
/// is headroom for the interpreter's own bounded recursion (metamethods, `pcall`, library
/// callbacks). Measured: about 95 bytes of native stack per compiled Lua call (peak RSS of a
/// non-tail recursion to depth 10000 vs 150000, `/usr/bin/time -f %M vm [--jit] deep.lua N`:
/// 83 B per level interpreted, 177 B under `--jit`), so the budget covers Lua's whole frame
/// limit (200000 frames).
const LUA_THREAD_STACK: usize = 256 << 20;
const JIT_STACK_BUDGET: usize = 192 << 20;

/// glibc's fast bins make every large allocation after many small frees run
/// `malloc_consolidate` over them; a collector that frees thousands of objects at once hits
/// that all the time (it was 10% of binary-trees). Without fast bins small blocks go to the
/// per-thread cache and the ordinary bins. Measured on bench-suite binarytrees.lua
/// (`hyperfine -N -r3`, the same binary with and without `GLIBC_TUNABLES=glibc.malloc.mxfast=0`):
/// 1.50 s -> 1.02 s; peak RSS unchanged (86 MB, `/usr/bin/time -f %M`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_MXFAST: i32 = 1;
    // SAFETY: mallopt is glibc's documented tuning call; M_MXFAST = 0 is a valid setting and
    // is made before this program allocates much (it only affects later frees).
    unsafe {
        mallopt(M_MXFAST, 0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    // A large stack lets compiled Lua code call compiled code natively as deep as Lua's own
    // frame limit; without it deep recursion falls back to the interpreter loop.
    match std::thread::Builder::new()
        .name("lua".into())
        .stack_size(LUA_THREAD_STACK)
        .spawn(vm_main)
    {
        Ok(h) => h.join().unwrap_or(ExitCode::from(1)),
        // No thread (resource limits): run on this one with the default budget.
        Err(_) => vm_main(),
    }
}

fn vm_main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    match argv.get(1).map(String::as_str) {
        Some("compile") => return cmd_compile(&argv[1..]),
        Some("dis") => return cmd_dis(&argv[1..]),
        _ => {}
    }
    let m = match run_cli().try_get_matches_from(&argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    let mut st = interp::new_state();
    if std::thread::current().name() == Some("lua") {
        st.jit_stack_budget = JIT_STACK_BUDGET;
    }
    if m.get_flag("gc-stress") || std::env::var("VM_GC_STRESS").is_ok_and(|v| v == "1") {
        st.heap.stress = true;
    }
    if let Some(&n) = m.get_one::<u64>("stack-limit") {
        st.max_frames = n as usize;
    }
    if let Some(&mb) = m.get_one::<u64>("memory-limit") {
        let bytes = (mb as usize).saturating_mul(1 << 20);
        st.heap.limit = Some(bytes);
        st.heap.set_threshold(st.heap.threshold().min(bytes));
    }
    if let Err(msg) = setup_jit(&mut st, &m) {
        eprintln!("{PROGNAME}: {msg}");
        return ExitCode::from(1);
    }
    if m.get_flag("version") {
        println!("vm {} -- Lua 5.1 compatible", env!("CARGO_PKG_VERSION"));
    }
    let script = m.get_one::<String>("script").cloned();
    if let Some(dir) = script
        .as_deref()
        .filter(|s| *s != "-")
        .and_then(|s| std::path::Path::new(s).parent())
    {
        interp::set_script_dir(&mut st, &dir.to_string_lossy());
    }
    if m.get_flag("sandbox") {
        interp::sandbox(&mut st);
    }
    let args: Vec<String> = m
        .get_many::<String>("args")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    set_arg_table(&mut st, &argv[0], script.as_deref(), &args);
    // -e and -l run in the order given, as lua.c runs them.
    let mut steps: Vec<(usize, bool, &String)> = Vec::new();
    for (id, lib) in [("execute", false), ("library", true)] {
        if let (Some(idx), Some(vals)) = (m.indices_of(id), m.get_many::<String>(id)) {
            steps.extend(idx.zip(vals).map(|(i, v)| (i, lib, v)));
        }
    }
    steps.sort_by_key(|s| s.0);
    for (_, lib, text) in steps {
        let r = if lib {
            // lua.c's dolibrary: the global `require` called with NAME from C.
            let name = st.intern(text.as_bytes());
            let require = st.get_global("require");
            run_function(&mut st, require, &[name])
        } else {
            // lua.c names `-e` chunks "=(command line)".
            run_chunk(&mut st, text.as_bytes(), "=(command line)", &[])
        };
        if let Err(code) = r {
            return code;
        }
    }
    let script = match script {
        Some(s) => s,
        // Like lua.c: with nothing to do, run stdin when it is not a terminal.
        None if m.get_many::<String>("execute").is_none()
            && m.get_many::<String>("library").is_none()
            && !m.get_flag("version") =>
        {
            use std::io::IsTerminal;
            if std::io::stdin().is_terminal() {
                eprintln!("{PROGNAME}: no script given (interactive mode is not available yet); try 'vm --help'");
                return ExitCode::from(1);
            }
            "-".to_string()
        }
        None => {
            st.close();
            print_jit_stats(&mut st, &m);
            return ExitCode::SUCCESS;
        }
    };
    let (bytes, chunkname) = if script == "-" {
        let mut b = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut b) {
            eprintln!("{PROGNAME}: cannot read stdin: {e}");
            return ExitCode::from(1);
        }
        (b, "=stdin".to_string())
    } else {
        match interp::base::read_source(&script) {
            // lua.c loads the script as "@script": a long path shows as "...<end of it>".
            Ok(b) => (b, format!("@{script}")),
            Err(msg) => {
                eprintln!("{PROGNAME}: {msg}");
                return ExitCode::from(1);
            }
        }
    };
    let vals: Vec<Value> = args.iter().map(|a| st.intern(a.as_bytes())).collect();
    let r = run_chunk(&mut st, &bytes, &chunkname, &vals);
    // lua_close: pending `__gc` finalizers run before exit.
    st.close();
    print_jit_stats(&mut st, &m);
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(c) => c,
    }
}

/// Install the JIT tier as the flags ask (`--jit`, `--jit=eager`, `--jit-threshold`, ...).
#[cfg(feature = "jit")]
fn setup_jit(st: &mut State, m: &clap::ArgMatches) -> Result<(), String> {
    let mode = m
        .get_one::<String>("jit")
        .map(String::as_str)
        .unwrap_or("off");
    let wants = m.get_flag("jit-stats") || m.get_flag("jit-dump") || m.contains_id("jit-threshold");
    if mode == "off" {
        if wants && m.get_one::<String>("jit").is_none() {
            return Err("--jit-threshold, --jit-stats and --jit-dump need --jit".into());
        }
        return Ok(());
    }
    let threshold = if mode == "eager" {
        0
    } else {
        m.get_one::<u32>("jit-threshold")
            .copied()
            .unwrap_or(jit::DEFAULT_THRESHOLD)
    };
    jit::install(
        st,
        jit::Options {
            threshold,
            stats: m.get_flag("jit-stats"),
            dump: m.get_flag("jit-dump"),
        },
    )
}

#[cfg(not(feature = "jit"))]
fn setup_jit(_st: &mut State, m: &clap::ArgMatches) -> Result<(), String> {
    match m.get_one::<String>("jit").map(String::as_str) {
        None | Some("off") => Ok(()),
        Some(_) => Err("this vm was built without the JIT tier (cargo feature 'jit')".into()),
    }
}

#[cfg(feature = "jit")]
fn print_jit_stats(st: &mut State, m: &clap::ArgMatches) {
    if m.get_flag("jit-stats") {
        if let Some(r) = jit::report(st) {
            eprint!("{r}");
        }
    }
}

#[cfg(not(feature = "jit"))]
fn print_jit_stats(_st: &mut State, _m: &clap::ArgMatches) {}

/// `arg` as lua.c builds it: script at 0, interpreter at negative indices, arguments from 1.
fn set_arg_table(st: &mut State, prog: &str, script: Option<&str>, args: &[String]) {
    let t = st.new_table(args.len(), 2);
    let p = st.intern(prog.as_bytes());
    let _ = st.raw_set(t, Value::number(-1.0), p);
    if let Some(s) = script {
        let v = st.intern(s.as_bytes());
        let _ = st.raw_set(t, Value::number(0.0), v);
    }
    for (i, a) in args.iter().enumerate() {
        let v = st.intern(a.as_bytes());
        let _ = st.raw_set(t, Value::number(i as f64 + 1.0), v);
    }
    st.set_global("arg", Value::table(t));
}

/// Load (source or bytecode) and run a chunk; on error print it like lua.c and give the code.
fn run_chunk(
    st: &mut State,
    bytes: &[u8],
    chunkname: &str,
    args: &[Value],
) -> Result<(), ExitCode> {
    let f = match load_any(st, bytes, chunkname) {
        Ok(f) => f,
        Err(msg) => {
            st.flush();
            eprint_msg(&msg);
            return Err(ExitCode::from(1));
        }
    };
    run_function(st, f, args)
}

/// Call `f` as lua.c's `docall` does, reporting an error as lua.c's `report`.
fn run_function(st: &mut State, f: Value, args: &[Value]) -> Result<(), ExitCode> {
    let r = interp::call_function(st, f, args);
    st.flush();
    match r {
        Ok(_) => Ok(()),
        Err(e) => {
            if e.value.is_nil() {
                return Err(ExitCode::from(1));
            }
            let msg = if e.value.is_string() || e.value.is_number() {
                st.tostring_basic(e.value)
            } else {
                "(error object is not a string)".to_string()
            };
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{PROGNAME}: {msg}");
            if e.value.is_string() || e.value.is_number() {
                if let Some(tb) = &e.traceback {
                    let _ = writeln!(err, "{tb}");
                }
            }
            Err(ExitCode::from(1))
        }
    }
}

/// Source or verified bytecode, told apart by the magic (not the extension): a chunk starting
/// with ESC is bytecode, as in Lua.
/// `chunkname` as Lua gives it (`@script`, `=stdin`, `=(command line)`).
fn load_any(st: &mut State, bytes: &[u8], chunkname: &str) -> Result<Value, String> {
    if bytes.first() == Some(&0x1b) {
        let display = interp::base::chunk_display(chunkname.as_bytes());
        let p =
            runtime::bytecode::load(&mut st.heap, bytes).map_err(|e| format!("{display}: {e}"))?;
        return Ok(interp::closure(st, p));
    }
    interp::load_chunkname(st, bytes, chunkname.as_bytes())
}

/// `vm: msg` on stderr, with the raw bytes a compile error carries (`runtime::rawtext`).
fn eprint_msg(msg: &str) {
    let mut line = format!("{PROGNAME}: ").into_bytes();
    line.extend_from_slice(&runtime::rawtext::decode(msg));
    line.push(b'\n');
    let _ = std::io::stderr().write_all(&line);
}

fn read_file(path: &str) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|_| {
        eprintln!("{PROGNAME}: cannot open {path}");
        ExitCode::from(1)
    })
}

fn cmd_compile(argv: &[String]) -> ExitCode {
    let m = match compile_cli().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    let input = m.get_one::<String>("input").unwrap();
    let output = m
        .get_one::<String>("output")
        .cloned()
        .unwrap_or_else(|| "luac.out".to_string());
    let bytes = match read_file(input) {
        Ok(b) => b,
        Err(c) => return c,
    };
    let mut st = interp::new_state();
    let p = match interp::compile_chunkname(&mut st, &bytes, format!("@{input}").as_bytes(), 1) {
        Ok(p) => p,
        Err(msg) => {
            eprint_msg(&msg);
            return ExitCode::from(1);
        }
    };
    let out = runtime::bytecode::dump(&p);
    if let Err(e) = std::fs::write(&output, out) {
        eprintln!("{PROGNAME}: cannot write {output}: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn cmd_dis(argv: &[String]) -> ExitCode {
    let m = match dis_cli().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    let input = m.get_one::<String>("input").unwrap();
    let bytes = match read_file(input) {
        Ok(b) => b,
        Err(c) => return c,
    };
    let mut st = interp::new_state();
    let p = if bytes.first() == Some(&0x1b) {
        runtime::bytecode::load(&mut st.heap, &bytes).map_err(|e| format!("{input}: {e}"))
    } else {
        interp::compile_chunkname(&mut st, &bytes, format!("@{input}").as_bytes(), 1)
    };
    match p {
        Ok(p) => {
            print!("{}", runtime::bytecode::disassemble(&p));
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprint_msg(&msg);
            ExitCode::from(1)
        }
    }
}
