//! Conformance test harness for the `vm` binary.
//!
//! Finds every `tests/lua/**/*.lua`, runs the VM on it in each execution
//! mode and compares stdout, stderr and the exit code byte for byte with the
//! expectations recorded from the reference implementation (`lua5.1`) by
//! `tests/bless.sh`:
//!
//! * `name.out`  — expected stdout (required).
//! * `name.err`  — expected stderr; if absent, stderr must be empty. Lines
//!   starting with `vm: ` stand for the program-name prefix of the binary.
//! * `name.code` — expected exit code in decimal; if absent, 0.
//! * `name.args` — optional extra command-line arguments for the script,
//!   separated by whitespace.
//!
//! Each test runs with the test's directory as the current directory and the
//! file name as the script argument, so messages read `name.lua:3: ...`.
//! argv[0] is the bare file name of the binary (`vm`, or `lua5.1` when
//! trying the harness against the reference).
//!
//! Usage: `cargo test --test harness [-- FILTER]`. Arguments starting with
//! `-` are ignored; the first other argument is a substring filter on the
//! test path relative to `tests/lua` (e.g. `closures` or `errors/uncaught`).
//!
//! Environment:
//! * `VM_BIN`         — binary to run instead of the built `vm`.
//! * `VM_ERR_PREFIX`  — what the `vm: ` line prefix in `.err` files maps to
//!   (e.g. `lua5.1: ` when `VM_BIN=/usr/bin/lua5.1`).
//! * `VM_MODES`       — comma-separated list of mode names to run (default:
//!   all modes).
//! * `VM_TEST_THREADS` — number of worker threads (default 2).
//! * `VM_TEST_TIMEOUT` — per-run timeout in seconds (default 60).
//! * `VM_TEST_ROOT`   — directory to search for tests instead of `tests/lua`.
//!
//! The last line printed is exactly `N passed, M failed`; the process exits
//! non-zero if any run failed or if no tests were found.

use std::collections::VecDeque;
use std::env;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// An execution mode: every test is run once per mode.
struct Mode {
    /// Name shown in failure reports and matched by `VM_MODES`.
    name: &'static str,
    /// Extra arguments placed before the script name.
    args: &'static [&'static str],
    /// Extra environment variables.
    env: &'static [(&'static str, &'static str)],
}

/// The list of modes. To add one (e.g. a JIT mode), append an entry:
/// `Mode { name: "jit-eager", args: &["--jit=eager"], env: &[] }`.
const MODES: &[Mode] = &[
    Mode {
        name: "interp",
        args: &[],
        env: &[],
    },
    Mode {
        name: "gc-stress",
        args: &[],
        env: &[("VM_GC_STRESS", "1")],
    },
    Mode {
        name: "jit-eager",
        args: &["--jit=eager"],
        env: &[("VM_JIT_STRICT", "1")],
    },
    Mode {
        name: "jit-hot",
        args: &["--jit", "--jit-threshold", "1"],
        env: &[("VM_JIT_STRICT", "1")],
    },
    Mode {
        name: "jit-eager-gc-stress",
        args: &["--jit=eager", "--gc-stress"],
        env: &[("VM_JIT_STRICT", "1")],
    },
];

/// Placeholder for the program-name prefix in `.err` files.
const ERR_PREFIX_PLACEHOLDER: &str = "vm: ";
/// Captured output beyond this many bytes per stream is discarded.
const OUTPUT_CAP: usize = 16 * 1024 * 1024;

struct Config {
    bin: PathBuf,
    err_prefix: String,
    timeout: Duration,
    threads: usize,
}

struct Job {
    /// Path relative to the test root, with `/` separators (for display).
    rel: String,
    /// Absolute path of the `.lua` file.
    path: PathBuf,
    mode: &'static Mode,
}

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<ExitStatus>,
    timed_out: bool,
}

fn main() {
    self_check();

    let filter = env::args().skip(1).find(|a| !a.starts_with('-'));
    let root = env::var_os("VM_TEST_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join("lua")
        });
    let config = Config {
        bin: env::var_os("VM_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vm"))),
        err_prefix: env::var("VM_ERR_PREFIX")
            .unwrap_or_else(|_| ERR_PREFIX_PLACEHOLDER.to_string()),
        timeout: Duration::from_secs(env_number("VM_TEST_TIMEOUT", 60)),
        threads: env_number("VM_TEST_THREADS", 2).max(1) as usize,
    };
    let modes = select_modes();

    let mut files = Vec::new();
    collect_lua_files(&root, &mut files);
    files.sort();
    let tests: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|p| (relative_name(&root, &p), p))
        .filter(|(rel, _)| filter.as_deref().is_none_or(|f| rel.contains(f)))
        .collect();

    let mut jobs = VecDeque::new();
    for (rel, path) in &tests {
        for &mode in &modes {
            jobs.push_back(Job {
                rel: rel.clone(),
                path: path.clone(),
                mode,
            });
        }
    }
    let total = jobs.len();
    println!(
        "running {} tests x {} modes ({}) with {}",
        tests.len(),
        modes.len(),
        modes.iter().map(|m| m.name).collect::<Vec<_>>().join(", "),
        config.bin.display()
    );

    let queue = Arc::new(Mutex::new(jobs));
    let failed = Arc::new(Mutex::new(Vec::<String>::new()));
    let config = Arc::new(config);
    let workers: Vec<_> = (0..config.threads.min(total.max(1)))
        .map(|_| {
            let queue = Arc::clone(&queue);
            let failed = Arc::clone(&failed);
            let config = Arc::clone(&config);
            thread::spawn(move || loop {
                let job = match queue.lock().unwrap().pop_front() {
                    Some(job) => job,
                    None => break,
                };
                if let Err(report) = run_job(&config, &job) {
                    let id = format!("[{}] {}", job.mode.name, job.rel);
                    println!("FAIL {id}: {report}");
                    failed.lock().unwrap().push(id);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker thread panicked");
    }

    let mut failed = failed.lock().unwrap().clone();
    failed.sort();
    if !failed.is_empty() {
        println!("\nfailures:");
        for f in &failed {
            println!("    {f}");
        }
        println!();
    }
    let nfailed = failed.len();
    println!("{} passed, {} failed", total - nfailed, nfailed);
    if total == 0 {
        eprintln!(
            "error: no tests found under {}{}",
            root.display(),
            filter
                .map(|f| format!(" matching '{f}'"))
                .unwrap_or_default()
        );
        std::process::exit(1);
    }
    if nfailed > 0 {
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a non-negative integer, got '{v}'")),
        Err(_) => default,
    }
}

fn select_modes() -> Vec<&'static Mode> {
    let Ok(list) = env::var("VM_MODES") else {
        return MODES.iter().collect();
    };
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| {
            MODES.iter().find(|m| m.name == name).unwrap_or_else(|| {
                let known: Vec<_> = MODES.iter().map(|m| m.name).collect();
                panic!(
                    "unknown mode '{name}' in VM_MODES (known: {})",
                    known.join(", ")
                )
            })
        })
        .collect()
}

fn collect_lua_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // Directories starting with '_' hold support files (modules to `require`).
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('_'))
            {
                continue;
            }
            collect_lua_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "lua") {
            out.push(path);
        }
    }
}

fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs one test in one mode; returns a failure report on mismatch.
fn run_job(config: &Config, job: &Job) -> Result<(), String> {
    let dir = job.path.parent().expect("test file has a parent directory");
    let file_name = job.path.file_name().expect("test file has a name");
    let sibling = |ext: &str| job.path.with_extension(ext);

    let expected_out = fs::read(sibling("out"))
        .map_err(|e| format!("cannot read expected stdout ({e}); run tests/bless.sh"))?;
    let expected_err = match fs::read(sibling("err")) {
        Ok(bytes) => map_err_prefix(&bytes, &config.err_prefix),
        Err(_) => Vec::new(),
    };
    let expected_code: i32 = match fs::read_to_string(sibling("code")) {
        Ok(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("bad .code file contents '{}'", s.trim()))?,
        Err(_) => 0,
    };
    let script_args: Vec<String> = match fs::read_to_string(sibling("args")) {
        Ok(s) => s.split_whitespace().map(str::to_string).collect(),
        Err(_) => Vec::new(),
    };

    let mut cmd = Command::new(&config.bin);
    cmd.current_dir(dir)
        .args(job.mode.args)
        .arg(file_name)
        .args(&script_args)
        .stdin(Stdio::null());
    for (k, v) in job.mode.env {
        cmd.env(k, v);
    }
    set_arg0_to_file_name(&mut cmd, &config.bin);
    let outcome = run_with_timeout(cmd, config.timeout)
        .map_err(|e| format!("cannot run {}: {e}", config.bin.display()))?;

    if outcome.timed_out {
        return Err(format!(
            "timed out after {}s (killed)",
            config.timeout.as_secs()
        ));
    }
    let mut problems = Vec::new();
    if outcome.stdout != expected_out {
        problems.push(format!(
            "stdout differs\n{}",
            diff(&expected_out, &outcome.stdout)
        ));
    }
    if outcome.stderr != expected_err {
        problems.push(format!(
            "stderr differs\n{}",
            diff(&expected_err, &outcome.stderr)
        ));
    }
    let status = outcome.status.expect("finished process has a status");
    match status.code() {
        Some(code) if code == expected_code => {}
        Some(code) => problems.push(format!("exit code: expected {expected_code}, got {code}")),
        None => problems.push(format!(
            "exit code: expected {expected_code}, got {}",
            describe_signal(&status)
        )),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Runs the binary with argv[0] set to its bare file name, as if found via
/// `PATH`: programs that print their name in messages (like lua's `lua5.1: `)
/// then print the same prefix however the binary was located.
#[cfg(unix)]
fn set_arg0_to_file_name(cmd: &mut Command, bin: &Path) {
    use std::os::unix::process::CommandExt;
    if let Some(name) = bin.file_name() {
        cmd.arg0(name);
    }
}

#[cfg(not(unix))]
fn set_arg0_to_file_name(_cmd: &mut Command, _bin: &Path) {}

#[cfg(unix)]
fn describe_signal(status: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(sig) => format!("termination by signal {sig}"),
        None => format!("{status}"),
    }
}

#[cfg(not(unix))]
fn describe_signal(status: &ExitStatus) -> String {
    format!("{status}")
}

/// Spawns `cmd` with piped output, reading both streams on helper threads,
/// and kills it if it runs longer than `timeout`.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> std::io::Result<Outcome> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let stdout = read_on_thread(child.stdout.take().expect("piped stdout"));
    let stderr = read_on_thread(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            // The child may exit on its own just before the kill; ignore that error.
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(5));
    };
    if timed_out {
        // Grandchildren may still hold the pipes open; do not wait for the
        // readers (they are detached and end when the pipes close).
        return Ok(Outcome {
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: Some(status),
            timed_out,
        });
    }
    Ok(Outcome {
        stdout: stdout.join().expect("reader thread panicked"),
        stderr: stderr.join().expect("reader thread panicked"),
        status: Some(status),
        timed_out,
    })
}

fn read_on_thread<R: Read + Send + 'static>(mut reader: R) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        kept
    })
}

/// Replaces the `vm: ` placeholder at the start of each line with `prefix`.
fn map_err_prefix(expected: &[u8], prefix: &str) -> Vec<u8> {
    if prefix == ERR_PREFIX_PLACEHOLDER {
        return expected.to_vec();
    }
    let mut out = Vec::with_capacity(expected.len());
    for line in expected.split_inclusive(|&b| b == b'\n') {
        match line.strip_prefix(ERR_PREFIX_PLACEHOLDER.as_bytes()) {
            Some(rest) => {
                out.extend_from_slice(prefix.as_bytes());
                out.extend_from_slice(rest);
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

/// A short unified-style diff: context before the first differing line,
/// then a few expected (`-`) and actual (`+`) lines from that point.
fn diff(expected: &[u8], actual: &[u8]) -> String {
    const CONTEXT: usize = 2;
    const SHOWN: usize = 6;
    let exp: Vec<&[u8]> = expected.split_inclusive(|&b| b == b'\n').collect();
    let act: Vec<&[u8]> = actual.split_inclusive(|&b| b == b'\n').collect();
    let first = exp
        .iter()
        .zip(act.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(exp.len().min(act.len()));
    let show = |line: &[u8]| -> String {
        let text = String::from_utf8_lossy(line);
        match text.strip_suffix('\n') {
            Some(t) => t.to_string(),
            None => format!("{text}\\ (no newline at end)"),
        }
    };
    let mut out = format!(
        "  @@ first difference at line {} (expected {} lines, got {}) @@\n",
        first + 1,
        exp.len(),
        act.len()
    );
    for line in &exp[first.saturating_sub(CONTEXT)..first] {
        out.push_str(&format!("   {}\n", show(line)));
    }
    let exp_end = exp.len().min(first + SHOWN);
    let act_end = act.len().min(first + SHOWN);
    for line in &exp[first..exp_end] {
        out.push_str(&format!("  -{}\n", show(line)));
    }
    if exp.len() > exp_end {
        out.push_str(&format!("  -... ({} more)\n", exp.len() - exp_end));
    }
    for line in &act[first..act_end] {
        out.push_str(&format!("  +{}\n", show(line)));
    }
    if act.len() > act_end {
        out.push_str(&format!("  +... ({} more)\n", act.len() - act_end));
    }
    out.pop();
    out
}

/// Cheap checks of the harness's own helpers, run on every invocation so a
/// broken harness cannot silently report success.
fn self_check() {
    assert_eq!(map_err_prefix(b"vm: a\nvm: b\n", "vm: "), b"vm: a\nvm: b\n");
    assert_eq!(
        map_err_prefix(
            b"vm: x.lua:1: e\nstack traceback:\n\tvm: not at start\n",
            "lua5.1: "
        ),
        b"lua5.1: x.lua:1: e\nstack traceback:\n\tvm: not at start\n"
    );
    assert_eq!(map_err_prefix(b"vm: no newline", "L: "), b"L: no newline");
    let d = diff(b"a\nb\nc\n", b"a\nB\nc\n");
    assert!(
        d.contains("line 2") && d.contains("  -b") && d.contains("  +B"),
        "{d}"
    );
    let d = diff(b"a\n", b"a\nextra\n");
    assert!(d.contains("line 2") && d.contains("  +extra"), "{d}");
    let d = diff(b"a", b"a\n");
    assert!(d.contains("line 1") && d.contains("no newline"), "{d}");
    assert_eq!(
        relative_name(Path::new("/r"), Path::new("/r/a/b.lua")),
        "a/b.lua"
    );
}
