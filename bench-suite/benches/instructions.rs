//! Instruction counts (iai-callgrind, under valgrind) for the interpreter running each program
//! at its small size, in this process. Building the state and compiling the program happen in
//! `setup`, checking the output in `teardown`; only the run itself is counted.
//!
//! Needs valgrind and `iai-callgrind-runner` 0.16.1 (see README.md):
//! `cargo bench -p bench-suite --bench instructions`.

use bench_suite::{prepare, programs, source, Prepared};
use iai_callgrind::{library_benchmark, library_benchmark_group, main};
use std::hint::black_box;

/// Interpreter state with `name` loaded at its small size, after `configure`.
fn setup_with(name: &str, configure: fn(&mut runtime::State)) -> (Prepared, String) {
    let prog = programs()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("unknown program {name}"));
    let src = source(name).unwrap();
    let p = prepare(name, src, prog.small_size, configure)
        .unwrap_or_else(|e| panic!("{name}: cannot load: {e}"));
    (p, prog.expected_small)
}

/// Check the output (outside the counted region); the state is dropped here too.
fn teardown(result: (Result<String, String>, String, Prepared)) {
    let (out, expected, _state) = result;
    match out {
        Ok(o) if o == expected => {}
        Ok(o) => eprintln!("WARNING: output {o:?} differs from the expected {expected:?}"),
        Err(e) => eprintln!("ERROR: {e}"),
    }
}

/// One benchmark function per execution mode: `mode!(name, setup_fn, configure)` defines a
/// setup function applying `configure` to the fresh state and a benchmark `name` over every
/// program. Add a tier with one more line, e.g. `mode!(jit, setup_jit, |st| ...);`, and list
/// it in the group below.
macro_rules! mode {
    ($name:ident, $setup:ident, $configure:expr) => {
        fn $setup(name: &str) -> (Prepared, String) {
            setup_with(name, $configure)
        }

        #[library_benchmark(setup = $setup, teardown = teardown)]
        #[bench::fib("fib")]
        #[bench::ack("ack")]
        #[bench::nbody("nbody")]
        #[bench::spectralnorm("spectralnorm")]
        #[bench::mandelbrot("mandelbrot")]
        #[bench::fannkuch("fannkuch")]
        #[bench::binarytrees("binarytrees")]
        #[bench::sieve("sieve")]
        #[bench::queens("queens")]
        #[bench::towers("towers")]
        #[bench::permute("permute")]
        #[bench::richards("richards")]
        #[bench::propagate("propagate")]
        #[bench::json("json")]
        #[bench::strings("strings")]
        #[bench::hashtable("hashtable")]
        #[bench::arrays("arrays")]
        #[bench::closures("closures")]
        #[bench::coroutines("coroutines")]
        fn $name(input: (Prepared, String)) -> (Result<String, String>, String, Prepared) {
            let (mut p, expected) = input;
            let out = black_box(p.run());
            (out, expected, p)
        }
    };
}

mode!(interp, setup_interp, |_| {});
mode!(jit, setup_jit, |st| {
    ::jit::install(
        st,
        ::jit::Options {
            threshold: ::jit::DEFAULT_THRESHOLD,
            stats: false,
            dump: false,
        },
    )
    .expect("JIT tier")
});

library_benchmark_group!(name = programs_small; benchmarks = interp, jit);

main!(library_benchmark_groups = programs_small);
