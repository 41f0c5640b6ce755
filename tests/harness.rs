//! Runs every `tests/lua/**/*.lua` through the `vm` binary in each execution mode and compares
//! stdout, stderr (`name.err`, else empty) and the exit code (`name.code`, else 0) with what
//! `lua5.1` printed (recorded by `tests/bless.sh`). A first argument filters tests by substring.
//! Prints `N passed, M failed` and fails if any test failed or none ran.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An execution mode: name, extra arguments, extra environment.
type Mode = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

const MODES: &[Mode] = &[
    ("interp", &[], &[]),
    ("gc-stress", &[], &[("VM_GC_STRESS", "1")]),
];

const TIMEOUT: Duration = Duration::from_secs(60);

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "lua") && p.with_extension("out").exists() {
            out.push(p);
        }
    }
}

fn first_diff(exp: &str, act: &str) -> String {
    for (i, (e, a)) in exp.lines().zip(act.lines()).enumerate() {
        if e != a {
            return format!("line {}: expected {:?}, got {:?}", i + 1, e, a);
        }
    }
    format!(
        "expected {} lines, got {} lines",
        exp.lines().count(),
        act.lines().count()
    )
}

fn run_one(bin: &str, test: &Path, mode: &Mode) -> Result<(), String> {
    let dir = test.parent().unwrap();
    let name = test.file_name().unwrap();
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .args(mode.1)
        .arg(name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in mode.2 {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {bin}: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(e.to_string()),
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let exp_out = std::fs::read_to_string(test.with_extension("out")).unwrap_or_default();
    let exp_err = std::fs::read_to_string(test.with_extension("err")).unwrap_or_default();
    let exp_code: i32 = std::fs::read_to_string(test.with_extension("code"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    if stdout != exp_out {
        return Err(format!("stdout differs: {}", first_diff(&exp_out, &stdout)));
    }
    if stderr != exp_err {
        return Err(format!("stderr differs: {}", first_diff(&exp_err, &stderr)));
    }
    let code = out.status.code().unwrap_or(-1);
    if code != exp_code {
        return Err(format!("exit code {code}, expected {exp_code}"));
    }
    Ok(())
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let bin = std::env::var("VM_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_vm").to_string());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let mut tests = Vec::new();
    collect(&root, &mut tests);
    if let Some(f) = &filter {
        tests.retain(|t| t.to_string_lossy().contains(f.as_str()));
    }
    let jobs: Vec<(PathBuf, usize)> = tests
        .iter()
        .flat_map(|t| (0..MODES.len()).map(move |m| (t.clone(), m)))
        .collect();
    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let passed = Arc::new(Mutex::new(0usize));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let (queue, failures, passed, bin) =
                (queue.clone(), failures.clone(), passed.clone(), bin.clone());
            std::thread::spawn(move || loop {
                let Some((t, m)) = queue.lock().unwrap().next() else {
                    break;
                };
                match run_one(&bin, &t, &MODES[m]) {
                    Ok(()) => *passed.lock().unwrap() += 1,
                    Err(e) => failures.lock().unwrap().push(format!(
                        "FAIL [{}] {}: {}",
                        MODES[m].0,
                        t.display(),
                        e
                    )),
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let failures = failures.lock().unwrap();
    let passed = *passed.lock().unwrap();
    for f in failures.iter() {
        println!("{f}");
    }
    println!("{} passed, {} failed", passed, failures.len());
    if passed + failures.len() == 0 {
        eprintln!("no tests found under {}", root.display());
        std::process::exit(1);
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
