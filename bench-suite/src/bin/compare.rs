//! `compare`: run every benchmark program under `vm` and the reference Lua implementations,
//! interleaved, check that they all print the expected result, and report median times, ratios
//! to lua5.4, start-up time and peak memory as markdown (and optionally an SVG chart).
//!
//! ```text
//! cargo run -p bench-suite --release --bin compare -- [--runs N] [--size default|small]
//!     [--only fib,ack] [--out RESULTS.md] [--svg chart.svg] [--vm target/release/vm]
//! ```

use bench_suite::{parse_params, Program, Size};
use clap::{Parser, ValueEnum};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SizeArg {
    Default,
    Small,
}

#[derive(Parser, Debug)]
#[command(about = "Compare vm with reference Lua implementations on the benchmark programs")]
struct Args {
    /// Runs of each program under each implementation (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Program sizes to use (see lua/params.txt).
    #[arg(long, value_enum, default_value = "default")]
    size: SizeArg,
    /// Only these programs (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Only these implementations (comma-separated: vm, vm-jit, lua5.1, lua5.4, luajit-joff,
    /// luajit).
    #[arg(long, value_delimiter = ',')]
    impls: Vec<String>,
    /// Write the markdown report here too (it is always printed to stdout).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write an SVG bar chart of the ratios to lua5.4.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// The vm binary (a relative path missing from the current directory is looked up from
    /// the workspace root).
    #[arg(long, default_value = "target/release/vm")]
    vm: PathBuf,
    /// Directory of the Lua programs and params.txt.
    #[arg(long, default_value = bench_suite::LUA_DIR)]
    lua_dir: PathBuf,
    /// Seconds before a run is killed.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Runs for the start-up measurement (`-e ''`).
    #[arg(long, default_value_t = 20)]
    startup_runs: usize,
}

/// An implementation: a display name, a short key for `--impls`, and the command prefix.
#[derive(Clone, Debug)]
struct Impl {
    name: String,
    key: &'static str,
    cmd: Vec<String>,
    version: String,
}

const BASELINE: &str = "lua5.4";

/// One finished (or failed) process.
#[derive(Clone, Debug)]
struct Run {
    ms: f64,
    rss_kb: Option<u64>,
    stdout: String,
    stderr: String,
    success: bool,
    timed_out: bool,
}

#[derive(Clone, Debug)]
enum Outcome {
    Ok,
    Mismatch(String),
    Error(String),
    Timeout,
}

#[derive(Clone, Debug)]
struct Cell {
    median_ms: Option<f64>,
    rss_kb: Option<u64>,
    outcome: Outcome,
}

impl Cell {
    /// A time that may enter ratios: the run succeeded and printed the expected output.
    fn valid_ms(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Ok => self.median_ms,
            _ => None,
        }
    }
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

fn geomean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

/// Run `cmd args`, with stdout/stderr going to files (no pipe can fill up), timing it from
/// spawn to reaping and taking the peak RSS from `wait4`.
fn run_once(cmd: &[String], args: &[String], timeout: Duration, tmp: &Path) -> Run {
    let out_path = tmp.join("stdout");
    let err_path = tmp.join("stderr");
    let failed = |msg: String| Run {
        ms: 0.0,
        rss_kb: None,
        stdout: String::new(),
        stderr: msg,
        success: false,
        timed_out: false,
    };
    let (out_f, err_f) = match (File::create(&out_path), File::create(&err_path)) {
        (Ok(o), Ok(e)) => (o, e),
        _ => return failed(format!("cannot create files in {}", tmp.display())),
    };
    let start = Instant::now();
    let child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .args(args)
        .stdin(Stdio::null())
        .stdout(out_f)
        .stderr(err_f)
        .spawn();
    let child = match child {
        Ok(c) => c,
        Err(e) => return failed(format!("cannot run {}: {e}", cmd[0])),
    };
    let pid = child.id() as libc::pid_t;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut status: libc::c_int = 0;
        // SAFETY: rusage is a plain C struct for which all-zero bytes is a valid value.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not reaped by anyone else (std's `Child` only reaps
        // in `wait`, which is never called); the pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        let _ = tx.send((r, status, ru.ru_maxrss, Instant::now()));
    });
    let (result, timed_out) = match rx.recv_timeout(timeout) {
        Ok(x) => (x, false),
        Err(_) => {
            // SAFETY: plain syscall on our own child, which has not been reaped yet (the
            // waiting thread has not returned).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            (rx.recv().unwrap_or((-1, 0, 0, Instant::now())), true)
        }
    };
    drop(child);
    let (r, status, maxrss, end) = result;
    let read =
        |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Run {
        ms: (end - start).as_secs_f64() * 1000.0,
        rss_kb: (r > 0 && maxrss > 0).then_some(maxrss as u64),
        stdout: read(&out_path),
        stderr: read(&err_path),
        success: r > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        timed_out,
    }
}

/// Does `cmd -e ''` succeed? Gives the version line (`-v`) if so.
fn probe(cmd: &[String], tmp: &Path) -> Result<String, String> {
    let r = run_once(
        cmd,
        &["-e".into(), String::new()],
        Duration::from_secs(10),
        tmp,
    );
    if !r.success {
        let why = r.stderr.lines().next().unwrap_or("failed").to_string();
        return Err(why);
    }
    let v = run_once(cmd, &["-v".into()], Duration::from_secs(10), tmp);
    let text = format!("{}{}", v.stdout, v.stderr);
    Ok(text.lines().next().unwrap_or("").trim().to_string())
}

fn detect(args: &Args, tmp: &Path) -> (Vec<Impl>, Vec<String>) {
    let vm = args.vm.to_string_lossy().into_owned();
    let candidates: Vec<(&str, &'static str, Vec<String>)> = vec![
        ("vm", "vm", vec![vm.clone()]),
        ("vm --jit", "vm-jit", vec![vm, "--jit".into()]),
        ("lua5.1", "lua5.1", vec!["lua5.1".into()]),
        ("lua5.4", "lua5.4", vec!["lua5.4".into()]),
        (
            "luajit -joff",
            "luajit-joff",
            vec!["luajit".into(), "-joff".into()],
        ),
        ("luajit", "luajit", vec!["luajit".into()]),
    ];
    let mut found = Vec::new();
    let mut notes = Vec::new();
    for (name, key, cmd) in candidates {
        if !args.impls.is_empty() && !args.impls.iter().any(|k| k == key) {
            continue;
        }
        match probe(&cmd, tmp) {
            Ok(version) => found.push(Impl {
                name: name.to_string(),
                key,
                cmd,
                version,
            }),
            Err(why) => notes.push(format!(
                "`{name}` skipped: `{}` failed: {why}",
                cmd.join(" ") + " -e ''"
            )),
        }
    }
    (found, notes)
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn first_line(s: &str) -> String {
    let l = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut l: String = l.chars().take(120).collect();
    l = l.replace('|', "\\|");
    l
}

fn machine_description() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "{model}, {cores} logical CPUs available, {mem} memory, Linux {}",
        kernel.trim()
    )
}

/// Peak RSS of this process so far, in MiB.
fn own_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// `git describe`-like revision of the source tree (with `-dirty` if modified).
fn git_revision() -> Option<String> {
    let out = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "describe",
            "--always",
            "--dirty",
        ])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

struct Report {
    programs: Vec<Program>,
    impls: Vec<Impl>,
    which: Size,
    cells: BTreeMap<(usize, usize), Cell>,
}

impl Report {
    fn baseline(&self) -> Option<usize> {
        self.impls.iter().position(|i| i.name == BASELINE)
    }

    fn ratio(&self, p: usize, i: usize) -> Option<f64> {
        let b = self.baseline()?;
        let t = self.cells.get(&(p, i))?.valid_ms()?;
        let base = self.cells.get(&(p, b))?.valid_ms()?;
        Some(t / base)
    }

    /// Geometric mean of the ratios to the baseline, and over how many programs.
    fn geomean_ratio(&self, i: usize) -> (Option<f64>, usize) {
        let rs: Vec<f64> = (0..self.programs.len())
            .filter_map(|p| self.ratio(p, i))
            .collect();
        (geomean(&rs), rs.len())
    }
}

fn measure(args: &Args, progs: Vec<Program>, impls: Vec<Impl>, tmp: &Path) -> Report {
    let which = match args.size {
        SizeArg::Default => Size::Default,
        SizeArg::Small => Size::Small,
    };
    let timeout = Duration::from_secs(args.timeout);
    let mut cells = BTreeMap::new();
    let nprog = progs.len();
    for (pi, prog) in progs.iter().enumerate() {
        let size = prog.size(which);
        let script = args.lua_dir.join(format!("{}.lua", prog.name));
        let run_args = vec![script.to_string_lossy().into_owned(), size.to_string()];
        let mut runs: Vec<Vec<Run>> = vec![Vec::new(); impls.len()];
        let mut dead = vec![false; impls.len()];
        // Interleaved: run k of every implementation before run k+1 of any.
        for k in 0..args.runs {
            let mut line = format!(
                "[{:>2}/{nprog}] {:<13} run {}/{}:",
                pi + 1,
                prog.name,
                k + 1,
                args.runs
            );
            for (ii, imp) in impls.iter().enumerate() {
                if dead[ii] {
                    continue;
                }
                let r = run_once(&imp.cmd, &run_args, timeout, tmp);
                if r.timed_out {
                    let _ = write!(line, "  {} TIMEOUT", imp.name);
                } else if !r.success {
                    let _ = write!(line, "  {} ERROR", imp.name);
                } else {
                    let mark = if r.stdout == prog.expected(which) {
                        ""
                    } else {
                        " MISMATCH"
                    };
                    let _ = write!(line, "  {} {}ms{mark}", imp.name, fmt_ms(r.ms));
                }
                // A failing program fails the same way every time: do not repeat it.
                if !r.success {
                    dead[ii] = true;
                }
                runs[ii].push(r);
            }
            eprintln!("{line}");
        }
        for (ii, rs) in runs.into_iter().enumerate() {
            let mut times: Vec<f64> = rs.iter().filter(|r| r.success).map(|r| r.ms).collect();
            let mut rss: Vec<f64> = rs
                .iter()
                .filter(|r| r.success)
                .filter_map(|r| r.rss_kb.map(|k| k as f64))
                .collect();
            let outcome = if let Some(r) = rs.iter().find(|r| r.timed_out) {
                let _ = r;
                Outcome::Timeout
            } else if let Some(r) = rs.iter().find(|r| !r.success) {
                Outcome::Error(first_line(&r.stderr))
            } else if let Some(r) = rs.iter().find(|r| r.stdout != prog.expected(which)) {
                Outcome::Mismatch(r.stdout.trim_end().to_string())
            } else {
                Outcome::Ok
            };
            cells.insert(
                (pi, ii),
                Cell {
                    median_ms: median(&mut times),
                    rss_kb: median(&mut rss).map(|k| k as u64),
                    outcome,
                },
            );
        }
    }
    Report {
        programs: progs,
        impls,
        which,
        cells,
    }
}

fn startup(args: &Args, impls: &[Impl], tmp: &Path) -> Vec<Option<f64>> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); impls.len()];
    let e = vec!["-e".to_string(), String::new()];
    for k in 0..args.startup_runs {
        for (ii, imp) in impls.iter().enumerate() {
            let r = run_once(&imp.cmd, &e, Duration::from_secs(10), tmp);
            if r.success {
                times[ii].push(r.ms);
            }
        }
        if k + 1 == args.startup_runs || (k + 1) % 5 == 0 {
            eprintln!("start-up: {}/{} runs", k + 1, args.startup_runs);
        }
    }
    times.iter_mut().map(|t| median(t)).collect()
}

/// Peak RSS of binarytrees: from the main runs if it was among them, else one run each.
fn binarytrees_rss(
    args: &Args,
    report: &Report,
    all: &[Program],
    tmp: &Path,
) -> Option<(u64, Vec<Option<u64>>)> {
    let which = report.which;
    if let Some(p) = report.programs.iter().position(|p| p.name == "binarytrees") {
        let size = report.programs[p].size(which);
        let v = (0..report.impls.len())
            .map(|i| {
                report
                    .cells
                    .get(&(p, i))
                    .filter(|c| matches!(c.outcome, Outcome::Ok))
                    .and_then(|c| c.rss_kb)
            })
            .collect();
        return Some((size, v));
    }
    let prog = all.iter().find(|p| p.name == "binarytrees")?;
    let size = prog.size(which);
    let script = args.lua_dir.join("binarytrees.lua");
    let run_args = vec![script.to_string_lossy().into_owned(), size.to_string()];
    eprintln!("peak RSS: binarytrees {size}, one run each");
    let v = report
        .impls
        .iter()
        .map(|imp| {
            let r = run_once(&imp.cmd, &run_args, Duration::from_secs(args.timeout), tmp);
            (r.success && r.stdout == prog.expected(which))
                .then_some(r.rss_kb)
                .flatten()
        })
        .collect();
    Some((size, v))
}

fn markdown(
    args: &Args,
    report: &Report,
    notes: &[String],
    start: &[Option<f64>],
    rss: Option<(u64, Vec<Option<u64>>)>,
) -> String {
    let mut s = String::new();
    let impls = &report.impls;
    let base = report.baseline();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let _ = writeln!(s, "# Benchmark results\n");
    let _ = writeln!(s, "- Machine: {}", machine_description());
    if let Some(rev) = git_revision() {
        let _ = writeln!(
            s,
            "- Source: commit {rev} of this repository (build the vm from the same commit)"
        );
    }
    let _ = writeln!(
        s,
        "- Command: `cargo run -p bench-suite --release --bin compare --{}{}`",
        if argv.is_empty() { "" } else { " " },
        argv.join(" ")
    );
    let _ = writeln!(
        s,
        "- Sizes: {}; runs per program and implementation: {}, interleaved; times are medians of wall-clock time from spawn to exit, in ms",
        match report.which {
            Size::Default => "default",
            Size::Small => "small",
        },
        args.runs
    );
    for imp in impls {
        let _ = writeln!(s, "- `{}`: {}", imp.cmd.join(" "), imp.version);
    }
    for n in notes {
        let _ = writeln!(s, "- {n}");
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "## Time (median ms, and ratio to {BASELINE}: below 1 is faster)\n"
    );
    let _ = write!(s, "| program | size |");
    for imp in impls {
        let _ = write!(s, " {} |", imp.name);
    }
    let _ = write!(s, "\n|---|---:|");
    for _ in impls {
        let _ = write!(s, "---:|");
    }
    let _ = writeln!(s);
    let mut problems = Vec::new();
    for (pi, prog) in report.programs.iter().enumerate() {
        let _ = write!(s, "| {} | {} |", prog.name, prog.size(report.which));
        for (ii, imp) in impls.iter().enumerate() {
            let cell = &report.cells[&(pi, ii)];
            let text = match &cell.outcome {
                Outcome::Ok => {
                    let ms = fmt_ms(cell.median_ms.unwrap_or(0.0));
                    match report.ratio(pi, ii) {
                        Some(r) if Some(ii) != base => format!("{ms} ({r:.2}×)"),
                        _ => ms,
                    }
                }
                Outcome::Mismatch(out) => {
                    problems.push(format!(
                        "- **MISMATCH** {} under `{}`: printed `{}`, expected `{}`",
                        prog.name,
                        imp.name,
                        out.replace('\t', " "),
                        prog.expected(report.which).trim_end().replace('\t', " ")
                    ));
                    format!("**MISMATCH** {}", fmt_ms(cell.median_ms.unwrap_or(0.0)))
                }
                Outcome::Error(msg) => {
                    problems.push(format!(
                        "- **ERROR** {} under `{}`: {msg}",
                        prog.name, imp.name
                    ));
                    "**ERROR**".to_string()
                }
                Outcome::Timeout => {
                    problems.push(format!(
                        "- **TIMEOUT** {} under `{}` (over {} s)",
                        prog.name, imp.name, args.timeout
                    ));
                    "**TIMEOUT**".to_string()
                }
            };
            let _ = write!(s, " {text} |");
        }
        let _ = writeln!(s);
    }
    let _ = write!(s, "| **geometric mean of ratios** | |");
    for ii in 0..impls.len() {
        let (g, n) = report.geomean_ratio(ii);
        match g {
            Some(g) => {
                let _ = write!(s, " **{g:.2}×** ({n}/{}) |", report.programs.len());
            }
            None => {
                let _ = write!(s, " n/a |");
            }
        }
    }
    let _ = writeln!(s, "\n");
    let _ = writeln!(
        s,
        "The geometric mean is over the programs where both the implementation and {BASELINE} printed the expected output (count in parentheses)."
    );
    if !problems.is_empty() {
        let _ = writeln!(s, "\n### Failures and mismatches\n");
        for p in &problems {
            let _ = writeln!(s, "{p}");
        }
    }

    let _ = writeln!(
        s,
        "\n## Start-up (`-e ''`, median of {} runs)\n",
        args.startup_runs
    );
    let _ = writeln!(
        s,
        "| implementation | ms | ratio to {BASELINE} |\n|---|---:|---:|"
    );
    let base_start = base.and_then(|b| start[b]);
    for (ii, imp) in impls.iter().enumerate() {
        let ms = start[ii].map_or("failed".to_string(), fmt_ms);
        let ratio = match (start[ii], base_start) {
            (Some(t), Some(b)) => format!("{:.2}×", t / b),
            _ => "n/a".into(),
        };
        let _ = writeln!(s, "| {} | {ms} | {ratio} |", imp.name);
    }

    if let Some((size, v)) = rss {
        let _ = writeln!(
            s,
            "\n## Peak memory on binarytrees {size} (maximum resident set size, median over runs)\n"
        );
        let _ = writeln!(
            s,
            "| implementation | MiB | ratio to {BASELINE} |\n|---|---:|---:|"
        );
        let b = base.and_then(|b| v[b]);
        for (ii, imp) in impls.iter().enumerate() {
            let mb = v[ii].map_or("n/a".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
            let ratio = match (v[ii], b) {
                (Some(t), Some(b)) => format!("{:.2}×", t as f64 / b as f64),
                _ => "n/a".into(),
            };
            let _ = writeln!(s, "| {} | {mb} | {ratio} |", imp.name);
        }
    }

    let _ = writeln!(
        s,
        "\n## Peak memory of every program (MiB, median over runs)\n"
    );
    let _ = writeln!(
        s,
        "Peak RSS comes from `wait4`. The kernel counts the spawning process's size at `exec` too, so about {} MiB (this runner's own size) is a floor, not the program's footprint.\n",
        own_rss_mib().map_or("3".to_string(), |m| format!("{m:.1}"))
    );
    let _ = write!(s, "| program |");
    for imp in impls {
        let _ = write!(s, " {} |", imp.name);
    }
    let _ = write!(s, "\n|---|");
    for _ in impls {
        let _ = write!(s, "---:|");
    }
    let _ = writeln!(s);
    for (pi, prog) in report.programs.iter().enumerate() {
        let _ = write!(s, "| {} |", prog.name);
        for ii in 0..impls.len() {
            let c = &report.cells[&(pi, ii)];
            let t = match (&c.outcome, c.rss_kb) {
                (Outcome::Ok | Outcome::Mismatch(_), Some(k)) => {
                    format!("{:.1}", k as f64 / 1024.0)
                }
                _ => "–".into(),
            };
            let _ = write!(s, " {t} |");
        }
        let _ = writeln!(s);
    }
    s
}

/// Grouped bar chart of the ratios to the baseline (log scale), one group per program plus
/// the geometric mean.
fn chart(report: &Report, path: &Path) -> Result<(), String> {
    use plotters::prelude::*;
    let base = report
        .baseline()
        .ok_or("no lua5.4 results: nothing to plot")?;
    let series: Vec<usize> = (0..report.impls.len()).filter(|&i| i != base).collect();
    let mut labels: Vec<String> = report.programs.iter().map(|p| p.name.clone()).collect();
    labels.push("geomean".into());
    let value = |g: usize, i: usize| -> Option<f64> {
        if g < report.programs.len() {
            report.ratio(g, i)
        } else {
            report.geomean_ratio(i).0
        }
    };
    let all: Vec<f64> = (0..labels.len())
        .flat_map(|g| series.iter().filter_map(move |&i| value(g, i)))
        .collect();
    if all.is_empty() {
        return Err("no ratios to plot".into());
    }
    let lo = all.iter().cloned().fold(1.0f64, f64::min) / 1.5;
    // headroom above the tallest bar for the legend
    let hi = all.iter().cloned().fold(1.0f64, f64::max) * 4.0;
    let groups = labels.len();
    let width = (groups as u32 * 18 * (series.len() as u32 + 1)).max(900);
    let root = SVGBackend::new(path, (width, 560)).into_drawing_area();
    let err = |e: DrawingAreaErrorKind<_>| format!("drawing failed: {e:?}");
    root.fill(&WHITE).map_err(err)?;
    let mut ctx = ChartBuilder::on(&root)
        .caption(
            format!(
                "Time relative to {BASELINE} ({} sizes; lower is faster; log scale)",
                match report.which {
                    Size::Default => "default",
                    Size::Small => "small",
                }
            ),
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(90)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5f64..groups as f64 - 0.5, (lo..hi).log_scale())
        .map_err(err)?;
    ctx.configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels(0)
        .y_labels(0)
        .y_label_formatter(&|_| String::new())
        .y_desc(format!("ratio to {BASELINE}"))
        .draw()
        .map_err(err)?;
    // Grid lines and labels at 1-2-5 steps (plotters' own log-scale labels skip the part
    // below 1).
    let mut ticks = Vec::new();
    let mut decade = 10f64.powi(lo.log10().floor() as i32);
    while decade <= hi {
        for m in [1.0, 2.0, 5.0] {
            let t = decade * m;
            if t >= lo && t <= hi {
                ticks.push(t);
            }
        }
        decade *= 10.0;
    }
    let tick_style = ("sans-serif", 12).into_font().color(&BLACK);
    for &t in &ticks {
        ctx.draw_series(LineSeries::new(
            vec![(-0.5, t), (groups as f64 - 0.5, t)],
            BLACK.mix(0.15),
        ))
        .map_err(err)?;
        let (px, py) = ctx.backend_coord(&(-0.5, t));
        let text = if t >= 1.0 {
            format!("{t:.0}×")
        } else {
            format!("{t}×")
        };
        root.draw(&Text::new(text, (px - 40, py - 6), tick_style.clone()))
            .map_err(err)?;
    }
    // Program names under the groups, drawn on the whole area (the x axis is numeric).
    let label_style = ("sans-serif", 13)
        .into_font()
        .transform(FontTransform::Rotate90)
        .color(&BLACK);
    for (g, name) in labels.iter().enumerate() {
        let (px, py) = ctx.backend_coord(&(g as f64, lo));
        root.draw(&Text::new(
            name.clone(),
            (px + 5, py + 8),
            label_style.clone(),
        ))
        .map_err(err)?;
    }
    let colors = [
        RGBColor(0xd6, 0x27, 0x28),
        RGBColor(0xff, 0x7f, 0x0e),
        RGBColor(0x1f, 0x77, 0xb4),
        RGBColor(0x2c, 0xa0, 0x2c),
        RGBColor(0x94, 0x67, 0xbd),
        RGBColor(0x8c, 0x56, 0x4b),
    ];
    let slot = 0.8 / series.len() as f64;
    for (k, &i) in series.iter().enumerate() {
        let color = colors[k % colors.len()];
        let bars: Vec<Rectangle<(f64, f64)>> = (0..groups)
            .filter_map(|g| {
                let v = value(g, i)?;
                let x0 = g as f64 - 0.4 + k as f64 * slot;
                Some(Rectangle::new(
                    [(x0, lo), (x0 + slot * 0.9, v)],
                    color.filled(),
                ))
            })
            .collect();
        ctx.draw_series(bars)
            .map_err(err)?
            .label(report.impls[i].name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    ctx.draw_series(LineSeries::new(
        vec![(-0.5, 1.0), (groups as f64 - 0.5, 1.0)],
        BLACK.stroke_width(1),
    ))
    .map_err(err)?
    .label(BASELINE)
    .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 12, y)], BLACK));
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    let mut args = Args::parse();
    // A relative vm path that does not exist here is taken from the workspace root, so the
    // default works from any directory.
    if args.vm.is_relative() && !args.vm.exists() {
        let alt = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(&args.vm);
        if alt.exists() {
            args.vm = alt;
        }
    }
    let params_path = args.lua_dir.join("params.txt");
    let all = match std::fs::read_to_string(&params_path)
        .map_err(|e| format!("cannot read {}: {e}", params_path.display()))
        .and_then(|t| parse_params(&t))
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("compare: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    for name in &args.only {
        if !all.iter().any(|p| &p.name == name) {
            eprintln!("compare: unknown program '{name}'");
            return std::process::ExitCode::from(2);
        }
    }
    let progs: Vec<Program> = all
        .iter()
        .filter(|p| args.only.is_empty() || args.only.contains(&p.name))
        .cloned()
        .collect();
    let tmp = std::env::temp_dir().join(format!("bench-compare-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&tmp) {
        eprintln!("compare: cannot create {}: {e}", tmp.display());
        return std::process::ExitCode::from(2);
    }
    let (impls, notes) = detect(&args, &tmp);
    for imp in &impls {
        eprintln!("found `{}`: {}", imp.cmd.join(" "), imp.version);
    }
    for n in &notes {
        eprintln!("{n}");
    }
    if impls.is_empty() {
        eprintln!("compare: no implementation to run");
        return std::process::ExitCode::from(2);
    }
    if !impls.iter().any(|i| i.key == "vm") {
        eprintln!(
            "compare: WARNING: vm not runnable at {} (build it with `cargo build --release`)",
            args.vm.display()
        );
    }
    let report = measure(&args, progs, impls, &tmp);
    let start = startup(&args, &report.impls, &tmp);
    let rss = binarytrees_rss(&args, &report, &all, &tmp);
    let md = markdown(&args, &report, &notes, &start, rss);
    let _ = std::fs::remove_dir_all(&tmp);
    print!("{md}");
    let mut code = 0;
    if let Some(out) = &args.out {
        if let Err(e) = std::fs::write(out, &md) {
            eprintln!("compare: cannot write {}: {e}", out.display());
            code = 1;
        }
    }
    if let Some(svg) = &args.svg {
        match chart(&report, svg) {
            Ok(()) => eprintln!("wrote {}", svg.display()),
            Err(e) => {
                eprintln!("compare: chart: {e}");
                code = 1;
            }
        }
    }
    std::process::ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_geomean() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        let g = geomean(&[2.0, 8.0]).unwrap();
        assert!((g - 4.0).abs() < 1e-12);
    }

    #[test]
    fn run_once_captures_output_and_status() {
        let tmp = std::env::temp_dir().join(format!("bench-compare-test-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let sh = vec!["sh".to_string(), "-c".to_string()];
        let r = run_once(
            &sh,
            &["echo hi; echo err >&2".into()],
            Duration::from_secs(10),
            &tmp,
        );
        assert!(r.success && !r.timed_out);
        assert_eq!(r.stdout, "hi\n");
        assert_eq!(r.stderr, "err\n");
        assert!(r.rss_kb.is_some());
        let r = run_once(&sh, &["exit 3".into()], Duration::from_secs(10), &tmp);
        assert!(!r.success);
        let r = run_once(&sh, &["sleep 5".into()], Duration::from_millis(100), &tmp);
        assert!(r.timed_out && !r.success);
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
