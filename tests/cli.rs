//! The `vm` command line: flags, bytecode round trips, hostile `.bc` files, resource limits.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn vm() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vm"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    run_in(&std::env::current_dir().unwrap(), args)
}

/// `run` with `dir` as the working directory.
fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    vm().current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run vm")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Write `src` to `path`; the path as a string.
fn script_at(path: &std::path::Path, src: &str) -> String {
    std::fs::write(path, src).unwrap();
    path.to_str().unwrap().to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn runs_the_demo_and_its_bytecode_identically() {
    let demo = root().join("examples/demo.lua");
    let src = run(&[demo.to_str().unwrap()]);
    assert!(src.status.success(), "{}", text(&src.stderr));
    assert!(text(&src.stdout).contains("fib(25) = 75025"));
    let bc = tmp("demo.bc");
    let c = run(&[
        "compile",
        demo.to_str().unwrap(),
        "-o",
        bc.to_str().unwrap(),
    ]);
    assert!(c.status.success(), "{}", text(&c.stderr));
    assert_eq!(&std::fs::read(&bc).unwrap()[..4], b"\x1bLVM");
    let b = run(&[bc.to_str().unwrap()]);
    assert!(b.status.success(), "{}", text(&b.stderr));
    assert_eq!(src.stdout, b.stdout);
    let d = run(&["dis", bc.to_str().unwrap()]);
    assert!(d.status.success());
    let listing = text(&d.stdout);
    assert!(listing.starts_with("main <"), "{listing}");
    assert!(listing.contains("CLOSURE") && listing.contains("RETURN"));
    // Listing the source gives the same listing as listing its bytecode.
    let ds = run(&["dis", demo.to_str().unwrap()]);
    assert_eq!(text(&ds.stdout), listing);
}

#[test]
fn every_corpus_file_is_rejected_cleanly() {
    let dir = root().join("tests/bc-corpus");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "bc") {
            continue;
        }
        n += 1;
        let o = run(&[p.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}: {}",
            p.display(),
            text(&o.stderr)
        );
        let err = text(&o.stderr);
        assert!(err.starts_with("vm: "), "{}: {err}", p.display());
        assert!(!err.contains("panicked"), "{}: {err}", p.display());
        assert!(o.stdout.is_empty());
    }
    assert!(n >= 10, "corpus has {n} files");
}

/// Compile every test program, then feed the VM thousands of mutated `.bc` files: each must
/// run or fail with a message, never crash (a signal or a panic).
#[test]
fn mutated_bytecode_never_crashes_the_vm() {
    let mut progs = Vec::new();
    for area in ["programs", "closures", "control", "metatables"] {
        for e in std::fs::read_dir(root().join("tests/lua").join(area)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "lua") && progs.len() < 40 {
                progs.push(p);
            }
        }
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut runs = 0;
    for (i, p) in progs.iter().enumerate() {
        let bc = tmp(&format!("m{i}.bc"));
        let c = run(&["compile", p.to_str().unwrap(), "-o", bc.to_str().unwrap()]);
        if !c.status.success() {
            continue; // syntax-error tests
        }
        let good = std::fs::read(&bc).unwrap();
        for _ in 0..12 {
            let mut m = good.clone();
            for _ in 0..(1 + rnd() % 4) {
                let at = (rnd() as usize) % m.len();
                match rnd() % 3 {
                    0 => m[at] ^= 1 << (rnd() % 8),
                    1 => m[at] = rnd() as u8,
                    _ => m.truncate(at.max(4)),
                }
            }
            let f = tmp(&format!("mut{i}.bc"));
            std::fs::File::create(&f).unwrap().write_all(&m).unwrap();
            // Every accepted file also runs under the JIT, which compiles whatever the
            // verifier let through.
            for flags in [&[][..], &["--jit=eager"][..]] {
                let child = vm()
                    .args(flags)
                    .arg(&f)
                    .arg("--")
                    .current_dir(p.parent().unwrap())
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                runs += 1;
                // A mutation can turn a loop bound into 1e150: a program that runs on is not
                // a crash, so it is stopped after a while and not judged.
                let Some(o) = output_within(child, std::time::Duration::from_secs(10)) else {
                    continue;
                };
                let code = o.status.code();
                assert!(
                    code == Some(0) || code == Some(1),
                    "{} {flags:?}: killed by a signal ({:?})",
                    p.display(),
                    o.status
                );
                assert!(
                    !text(&o.stderr).contains("panicked"),
                    "{} {flags:?}: {}",
                    p.display(),
                    text(&o.stderr)
                );
            }
        }
    }
    assert!(runs > 100, "only {runs} mutated runs");
}

/// The child's output if it exits within `limit`; otherwise it is killed and `None`.
fn output_within(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> Option<std::process::Output> {
    use std::io::Read;
    // Drain the pipes on threads so that a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let to = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let te = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break Some(st);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let (stdout, stderr) = (to.join().unwrap(), te.join().unwrap());
    status.map(|status| std::process::Output {
        status,
        stdout,
        stderr,
    })
}

#[test]
fn bad_flags_and_missing_files_fail_clearly() {
    let o = run(&["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("unexpected argument"));
    let o = run(&["/no/such/file.lua"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "vm: cannot open /no/such/file.lua: No such file or directory\n"
    );
    let o = run(&["compile"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["--memory-limit", "abc", "x.lua"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn syntax_errors_and_runtime_errors_exit_nonzero() {
    let o = run(&["-e", "x = = 1"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "vm: (command line):1: unexpected symbol near '='\n"
    );
    let o = run(&["-e", "local t = nil; print(t.x)"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).starts_with(
        "vm: (command line):1: attempt to index local 't' (a nil value)\nstack traceback:\n"
    ));
}

/// Script paths longer than Lua 5.1's buffers show as "..." and their end: the last 52 bytes
/// in runtime errors and tracebacks (`LUA_IDSIZE` 60), the last 72 in syntax errors (llex.c's
/// `MAXSRC` 80), as `lua5.1` prints them.
#[test]
fn long_script_paths_are_shortened_like_lua() {
    let dir = tmp("p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .join("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    std::fs::create_dir_all(&dir).unwrap();
    let path = script_at(
        &dir.join("long_name_test.lua"),
        "local t = nil\nprint(pcall(function() return t.x end))\nerror('boom')\n",
    );
    assert!(path.len() > 80, "{path}");
    let tail52 = &path[path.len() - 52..];
    let o = run(&[&path]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout),
        format!("false\t...{tail52}:2: attempt to index upvalue 't' (a nil value)\n")
    );
    assert_eq!(
        text(&o.stderr),
        format!(
            "vm: ...{tail52}:3: boom\nstack traceback:\n\t[C]: in function 'error'\n\t...{tail52}:3: in main chunk\n\t[C]: ?\n"
        )
    );
    let path = script_at(&dir.join("syntax_error_in_a_long_path.lua"), "x = = 1");
    let tail72 = &path[path.len() - 72..];
    let o = run(&[&path]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        format!("vm: ...{tail72}:1: unexpected symbol near '='\n")
    );
}

#[test]
fn script_arguments_and_stdin() {
    let o = run(&["-e", "print(1 + 1)"]);
    assert_eq!(text(&o.stdout), "2\n");
    let mut c = vm()
        .args(["-", "a", "b"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin
        .take()
        .unwrap()
        .write_all(b"print(arg[0], arg[1], arg[2], #arg, ...)")
        .unwrap();
    let o = c.wait_with_output().unwrap();
    assert_eq!(text(&o.stdout), "-\ta\tb\t2\ta\tb\n");
}

#[test]
fn debug_debug_runs_lines_reports_errors_and_stops_at_cont() {
    // lua5.1 prints the same: each line runs as a chunk, errors (runtime and syntax) go to
    // stderr with the "(debug command)" chunk name, "cont" ends the loop, and the program
    // goes on.
    let mut c = vm()
        .args(["-e", "debug.debug() print('after')"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin
        .take()
        .unwrap()
        .write_all(b"print(1)\nerror('x')\nprint(\ncont\nprint(2)\n")
        .unwrap();
    let o = c.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(text(&o.stdout), "1\nafter\n");
    assert_eq!(
        text(&o.stderr),
        "lua_debug> lua_debug> (debug command):1: x\n\
         lua_debug> (debug command):2: unexpected symbol near '<eof>'\n\
         lua_debug> "
    );
}

#[test]
fn memory_limit_is_a_catchable_lua_error() {
    let prog = "local t = {} \
        local ok, err = pcall(function() for i = 1, 1e8 do t[i] = {i} end end) \
        print(ok, err) t = nil collectgarbage() print('recovered')";
    let o = run(&["--memory-limit", "32", "-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "false\tnot enough memory\nrecovered\n");
}

#[test]
fn runaway_recursion_is_a_lua_error() {
    let o = run(&[
        "-e",
        "local function f() return 1 + f() end print(pcall(f))",
    ]);
    assert!(o.status.success());
    assert_eq!(text(&o.stdout), "false\t(command line):1: stack overflow\n");
}

#[test]
fn stack_limit_is_configurable() {
    let prog = "local d = 0 local function f() d = d + 1 f() end print(pcall(f)) print(d)";
    let o = run(&["--stack-limit", "100", "-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "false\t(command line):1: stack overflow\n99\n"
    );
    let deep =
        "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end print(f(150000))";
    let o = run(&["-e", deep]);
    assert_eq!(text(&o.stdout), "150000\n", "{}", text(&o.stderr));
}

#[test]
fn hostile_patterns_are_lua_errors() {
    // Lua 5.1 overflows the C stack on these; the VM reports "pattern too complex".
    let prog = "local n = 50000 \
        local s = string.rep('a', n) \
        print(pcall(string.find, s, string.rep('a?', n) .. string.rep('a', n))) \
        print(pcall(string.match, s, string.rep('a?', n))) \
        print(pcall(string.gsub, s, string.rep('(a?)', 20) .. string.rep('a?', n), '')) \
        local it = s:gmatch(string.rep('a-', n) .. '$') print(pcall(it)) \
        print(#s:match(string.rep('a?', 5000)))";
    let o = run(&["-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let want = "false\tpattern too complex\n".repeat(4) + "5000\n";
    assert_eq!(text(&o.stdout), want);
}

#[test]
fn huge_string_results_are_memory_errors() {
    let prog = "print(pcall(string.rep, 'x', 2^31)) \
        print(pcall(string.rep, 'abcdefgh', 2^30)) \
        print(pcall(string.rep, string.rep('x', 1000), 2^31 - 1)) \
        print(#string.rep('ab', 2^20), 'still running')";
    let o = run(&["-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // 2^31 wraps to a negative C int, which gives the empty string as in Lua 5.1.
    assert_eq!(
        text(&o.stdout),
        "true\t\nfalse\tnot enough memory\nfalse\tnot enough memory\n2097152\tstill running\n"
    );
    let o = run(&[
        "--memory-limit",
        "64",
        "-e",
        "print(pcall(string.rep, 'x', 2^30)) \
         local s = string.rep('x', 2^20) \
         print(pcall(string.gsub, s, 'x', string.rep('y', 4096))) \
         print(pcall(string.gsub, s, 'x', function() return string.rep('z', 100) end)) \
         print(pcall(string.format, string.rep('%s', 100), unpack((function() \
           local t = {} for i = 1, 100 do t[i] = s end return t end)()))) \
         print('ok')",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "false\tnot enough memory\n".repeat(4) + "ok\n"
    );
}

#[test]
fn sandbox_leaves_out_the_file_system() {
    let prog = "print(io, loadfile, dofile, os.exit, os.getenv, os.remove, type(os.clock), type(os.time), type(os.date)) \
        print(pcall(require, 'nosuchmod')) \
        print(require('bit').band(3, 1), type(string.format), type(table.sort))";
    let o = run(&["--sandbox", "-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "nil\tnil\tnil\tnil\tnil\tnil\tfunction\tfunction\tfunction\n\
         false\tmodule 'nosuchmod' not found:\n\tno field package.preload['nosuchmod']\n\
         1\tfunction\tfunction\n"
    );
}

#[test]
fn jit_flags_work_and_bad_ones_fail_clearly() {
    let prog = "local function f(x) return x * 2 + 1 end local s = 0 \
                for i = 1, 2000 do s = s + f(i) end \
                for i = 1, 20 do s = s + f(tostring(i)) end print(s)";
    let plain = run(&["-e", prog]);
    assert!(plain.status.success());
    // The same output in every JIT configuration (the string arguments deopt `f`, which is
    // then recompiled without the number speculation).
    for flags in [
        &["--jit"][..],
        &["--jit=eager"][..],
        &["--jit", "--jit-threshold", "1"][..],
    ] {
        let mut args = flags.to_vec();
        args.extend(["-e", prog]);
        let o = run(&args);
        assert!(o.status.success(), "{flags:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stdout), text(&plain.stdout), "{flags:?}");
    }
    let stats = run(&["--jit=eager", "--jit-stats", "-e", prog]);
    let err = text(&stats.stderr);
    assert!(err.contains("functions compiled: 2"), "{err}");
    assert!(err.contains("recompiled"), "{err}");
    assert!(err.contains("deopt at pc"), "{err}");
    assert!(err.contains("arithmetic operand not a number"), "{err}");
    let dump = run(&["--jit=eager", "--jit-dump", "-e", "print(1 + 2)"]);
    let err = text(&dump.stderr);
    assert!(
        err.contains("-- cranelift IR --") && err.contains("function u0:"),
        "{err}"
    );
    assert!(err.contains("-- machine code --"), "{err}");
    for bad in [
        &["--jit=fast", "-e", "print(1)"][..],
        &["--jit", "--jit-threshold", "many", "-e", "print(1)"][..],
        &["--jit-stats", "-e", "print(1)"][..],
    ] {
        let o = run(bad);
        assert_eq!(o.status.code(), Some(1), "{bad:?}");
        assert!(!text(&o.stderr).is_empty(), "{bad:?}");
        assert!(o.stdout.is_empty(), "{bad:?}");
    }
}

#[test]
fn jit_deep_recursion_is_a_lua_error() {
    // Native recursion of compiled code is bounded; the Lua frame limit gives the error.
    let o = run(&[
        "--jit=eager",
        "-e",
        "local function f(n) return 1 + f(n + 1) end print(pcall(f, 1)) \
         local function g(n) if n == 0 then return 0 end return 1 + g(n - 1) end print(g(150000)) \
         local function t(n) if n == 0 then return 'done' end return t(n - 1) end print(t(1000000))",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("false\t(command line):1: stack overflow"),
        "{out}"
    );
    assert!(out.contains("150000\ndone\n"), "{out}");
}

/// The JIT's profiling switches: VM_JIT_CODE_DIR writes each compiled function's machine code
/// and VM_JIT_PERFMAP appends `START SIZE lua:name` lines to /tmp/perf-PID.map; a directory
/// that cannot be written gives one clear warning and the program still runs to the same
/// output.
#[test]
fn jit_profiling_switches_write_files_or_warn_once() {
    let demo = root().join("examples/demo.lua");
    let plain = run(&["--jit=eager", demo.to_str().unwrap()]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));

    let dir = tmp("jit-code");
    std::fs::create_dir_all(&dir).unwrap();
    let child = vm()
        .args(["--jit=eager", demo.to_str().unwrap()])
        .env("VM_JIT_CODE_DIR", &dir)
        .env("VM_JIT_PERFMAP", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vm");
    let pid = child.id();
    let out = child.wait_with_output().expect("run vm");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, plain.stdout);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let bins: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
        .collect();
    assert!(
        !bins.is_empty(),
        "no machine code written to {}",
        dir.display()
    );
    assert!(bins.iter().all(|e| e.metadata().unwrap().len() > 0));
    let map_path = format!("/tmp/perf-{pid}.map");
    let map = std::fs::read_to_string(&map_path).expect("perf map written");
    let _ = std::fs::remove_file(&map_path);
    assert_eq!(map.lines().count(), bins.len(), "{map}");
    for line in map.lines() {
        let f: Vec<&str> = line.splitn(3, ' ').collect();
        assert!(usize::from_str_radix(f[0], 16).is_ok(), "{line}");
        assert!(usize::from_str_radix(f[1], 16).is_ok(), "{line}");
        assert!(f[2].starts_with("lua:"), "{line}");
    }

    let missing = tmp("no-such-dir").join("deeper");
    let out = vm()
        .args(["--jit=eager", demo.to_str().unwrap()])
        .env("VM_JIT_CODE_DIR", &missing)
        .stdin(Stdio::null())
        .output()
        .expect("run vm");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(out.stdout, plain.stdout);
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("vm: VM_JIT_CODE_DIR: cannot write "),
        "{err}"
    );
}

#[test]
fn dash_l_requires_libraries_in_order_with_dash_e() {
    let dir = tmp("dash_l");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("mymod.lua"),
        "print('mod loaded')\nM = 42\nreturn {x = 1}\n",
    )
    .unwrap();
    let out = run_in(
        &dir,
        &[
            "-e",
            "print(1)",
            "-l",
            "mymod",
            "-e",
            "print(M, package.loaded.mymod.x)",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "1\nmod loaded\n42\t1\n");
    let out = run_in(&dir, &["-l", "nosuch"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("vm: module 'nosuch' not found"), "{err}");
}

#[test]
fn jit_threshold_scales_with_function_size() {
    // A generated straight-line function of ~12000 instructions called 300 times would cost
    // more to compile than to interpret: it stays interpreted, the small caller compiles.
    let prog = "local t = {'local b0, b1 return function(k) '} \
        for i = 1, 4000 do t[#t + 1] = 'if not b0 then b1 = k end b0 = nil ' end \
        t[#t + 1] = 'return k end' \
        local f = loadstring(table.concat(t))() \
        local function small(k) return k + 1 end \
        local s = 0 for i = 1, 300 do s = s + f(i) + small(i) end print(s)";
    let o = run(&["--jit", "--jit-stats", "-e", prog]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "90600\n");
    let err = text(&o.stderr);
    assert!(err.contains("function <(command line):1>"), "{err}");
    assert!(!err.contains("function <[string"), "{err}");
    // Eager mode still compiles everything.
    let o = run(&["--jit=eager", "--jit-stats", "-e", prog]);
    assert!(
        text(&o.stderr).contains("function <[string"),
        "{}",
        text(&o.stderr)
    );
}
