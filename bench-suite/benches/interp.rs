//! Wall-clock benchmarks (criterion): one group per Lua program, one member per execution mode.
//!
//! `cargo bench -p bench-suite --bench interp [-- FILTER]`. Programs run at their small size
//! (set `BENCH_SIZE=default` for the default size). A program whose output differs from the
//! expected one is reported on stderr and still measured; one that fails is skipped.

use bench_suite::{prepare, programs, Program, Size};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use runtime::State;
use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

/// How a mode runs a program.
enum Runner {
    /// In this process: a fresh `interp` state, passed to the function before the program is
    /// loaded (the hook for switching on another tier).
    InProcess(fn(&mut State)),
    /// As a subprocess: the `vm` binary (`VM` environment variable, default
    /// `target/release/vm`) with these extra flags before the script.
    #[allow(dead_code)] // for tiers that only exist in the binary
    Subprocess(&'static [&'static str]),
}

/// The members of every group. Adding a tier is one line, e.g.
/// `("jit", Runner::Subprocess(&["--jit"])),` or an in-process hook that enables it.
const MODES: &[(&str, Runner)] = &[
    ("interp", Runner::InProcess(|_| {})),
    ("jit", Runner::InProcess(enable_jit)),
];

/// The JIT tier as `vm --jit` sets it up (default threshold).
fn enable_jit(st: &mut State) {
    jit::install(
        st,
        jit::Options {
            threshold: jit::DEFAULT_THRESHOLD,
            stats: false,
            dump: false,
        },
    )
    .expect("JIT tier");
}

fn vm_path() -> String {
    std::env::var("VM")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/vm").into())
}

fn run_subprocess(flags: &[&str], prog: &Program, size: u64) -> Result<String, String> {
    let out = Command::new(vm_path())
        .args(flags)
        .arg(prog.path())
        .arg(size.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", vm_path()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run once outside the measurement and compare with the expected output.
fn check(mode: &str, runner: &Runner, prog: &Program, which: Size) -> bool {
    let size = prog.size(which);
    let result = match runner {
        Runner::InProcess(configure) => {
            prepare(&prog.name, prog.source(), size, *configure).and_then(|mut p| p.run())
        }
        Runner::Subprocess(flags) => run_subprocess(flags, prog, size),
    };
    match result {
        Ok(out) if out == prog.expected(which) => true,
        Ok(out) => {
            eprintln!(
                "WARNING {}/{mode}: output {out:?} differs from the expected {:?}",
                prog.name,
                prog.expected(which)
            );
            true
        }
        Err(e) => {
            eprintln!("SKIPPED {}/{mode}: {}", prog.name, e.trim_end());
            false
        }
    }
}

fn suite(c: &mut Criterion) {
    let which = match std::env::var("BENCH_SIZE").as_deref() {
        Ok("default") => Size::Default,
        _ => Size::Small,
    };
    for prog in programs() {
        let size = prog.size(which);
        let mut group = c.benchmark_group(prog.name.as_str());
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for (mode, runner) in MODES {
            if !check(mode, runner, &prog, which) {
                continue;
            }
            let id = BenchmarkId::new(*mode, size);
            match runner {
                Runner::InProcess(configure) => {
                    group.bench_function(id, |b| {
                        b.iter_batched(
                            || prepare(&prog.name, prog.source(), size, *configure).unwrap(),
                            |mut p| {
                                black_box(p.run().ok());
                                // Dropping the state (freeing the heap) is left out of the
                                // measurement, as process exit is for other implementations.
                                p
                            },
                            BatchSize::PerIteration,
                        )
                    });
                }
                Runner::Subprocess(flags) => {
                    group.bench_function(id, |b| {
                        b.iter(|| black_box(run_subprocess(flags, &prog, size).ok()))
                    });
                }
            }
        }
        group.finish();
    }
}

criterion_group!(benches, suite);
criterion_main!(benches);
