//! The benchmark suite: Lua programs in `lua/`, their sizes and expected outputs
//! (`lua/params.txt`), and helpers to run a program inside this process with the `interp`
//! crate (used by the criterion and iai-callgrind benches).
//!
//! Every program takes its size as `arg[1]` and prints one result line, which must be the same
//! under every Lua 5.1-compatible implementation.

use runtime::State;

/// Directory of the Lua programs in the source tree.
pub const LUA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/lua");

/// The parameter file, embedded.
pub const PARAMS: &str = include_str!("../lua/params.txt");

/// Sources of every program, embedded so that benches do not depend on the working directory
/// (iai-callgrind runs them with a cleared environment).
pub const SOURCES: &[(&str, &str)] = &[
    ("fib", include_str!("../lua/fib.lua")),
    ("ack", include_str!("../lua/ack.lua")),
    ("nbody", include_str!("../lua/nbody.lua")),
    ("spectralnorm", include_str!("../lua/spectralnorm.lua")),
    ("mandelbrot", include_str!("../lua/mandelbrot.lua")),
    ("fannkuch", include_str!("../lua/fannkuch.lua")),
    ("binarytrees", include_str!("../lua/binarytrees.lua")),
    ("sieve", include_str!("../lua/sieve.lua")),
    ("queens", include_str!("../lua/queens.lua")),
    ("towers", include_str!("../lua/towers.lua")),
    ("permute", include_str!("../lua/permute.lua")),
    ("richards", include_str!("../lua/richards.lua")),
    ("propagate", include_str!("../lua/propagate.lua")),
    ("json", include_str!("../lua/json.lua")),
    ("strings", include_str!("../lua/strings.lua")),
    ("hashtable", include_str!("../lua/hashtable.lua")),
    ("arrays", include_str!("../lua/arrays.lua")),
    ("closures", include_str!("../lua/closures.lua")),
    ("coroutines", include_str!("../lua/coroutines.lua")),
];

/// One benchmark program and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub name: String,
    /// Size for timing runs (0.5–2 s under lua5.4 on the reference machine).
    pub default_size: u64,
    /// Size for instruction counting and in-process benches (about 10–50 ms under lua5.4).
    pub small_size: u64,
    /// Expected standard output at the default size (one line, with its newline).
    pub expected_default: String,
    /// Expected standard output at the small size.
    pub expected_small: String,
}

/// Which of the two sizes to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Default,
    Small,
}

impl Program {
    pub fn size(&self, which: Size) -> u64 {
        match which {
            Size::Default => self.default_size,
            Size::Small => self.small_size,
        }
    }

    pub fn expected(&self, which: Size) -> &str {
        match which {
            Size::Default => &self.expected_default,
            Size::Small => &self.expected_small,
        }
    }

    /// Path of the program's source file in the source tree.
    pub fn path(&self) -> std::path::PathBuf {
        std::path::Path::new(LUA_DIR).join(format!("{}.lua", self.name))
    }

    /// The embedded source text.
    pub fn source(&self) -> &'static str {
        source(&self.name).unwrap_or_else(|| panic!("no embedded source for {}", self.name))
    }
}

/// The embedded source of the program called `name`.
pub fn source(name: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// Parse a parameter file (see `lua/params.txt` for the format).
pub fn parse_params(text: &str) -> Result<Vec<Program>, String> {
    let mut progs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(" | ").collect();
        if fields.len() != 5 {
            return Err(format!(
                "params line {}: expected 5 fields separated by ' | ', found {}",
                i + 1,
                fields.len()
            ));
        }
        let num = |s: &str, what: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|e| format!("params line {}: bad {what} '{s}': {e}", i + 1))
        };
        progs.push(Program {
            name: fields[0].trim().to_string(),
            default_size: num(fields[1], "default size")?,
            small_size: num(fields[2], "small size")?,
            expected_default: unescape(fields[3]),
            expected_small: unescape(fields[4]),
        });
    }
    Ok(progs)
}

/// Every program of the suite, in the order of `lua/params.txt`.
pub fn programs() -> Vec<Program> {
    parse_params(PARAMS).expect("lua/params.txt is malformed")
}

/// Replaces `print` so that output is collected in the global `__bench_out` instead of going
/// to standard output. Uses only base-library functions.
const CAPTURE_PRINT: &str = r##"
__bench_out = ""
print = function(...)
  local n = select("#", ...)
  local line = ""
  for i = 1, n do
    if i > 1 then line = line .. "\t" end
    line = line .. tostring((select(i, ...)))
  end
  __bench_out = __bench_out .. line .. "\n"
end
"##;

/// A state with a program loaded and its arguments set, ready to run.
pub struct Prepared {
    pub state: Box<State>,
    size: String,
}

/// Build a fresh interpreter state for `name` at `size`: run `configure` on it (the place to
/// switch on another execution tier), capture `print`, set `arg`, and compile the program.
/// The compiled main function is kept in the global `__bench_main` (so it is rooted).
pub fn prepare(
    name: &str,
    src: &str,
    size: u64,
    configure: fn(&mut State),
) -> Result<Prepared, String> {
    let mut st = interp::new_state();
    configure(&mut st);
    let cap = interp::load(&mut st, CAPTURE_PRINT.as_bytes(), "capture")?;
    interp::call_function(&mut st, cap, &[]).map_err(|e| error_text(&st, &e))?;
    let size = size.to_string();
    // `arg` as lua.c builds it: script name at 0, arguments from 1.
    let t = st.new_table(1, 1);
    let script = st.intern(format!("{name}.lua").as_bytes());
    let _ = st.raw_set(t, runtime::Value::number(0.0), script);
    let a1 = st.intern(size.as_bytes());
    let _ = st.raw_set(t, runtime::Value::number(1.0), a1);
    st.set_global("arg", runtime::Value::table(t));
    let f = interp::load(&mut st, src.as_bytes(), &format!("{name}.lua"))?;
    st.set_global("__bench_main", f);
    Ok(Prepared { state: st, size })
}

fn error_text(st: &State, e: &runtime::LuaError) -> String {
    if e.value.is_string() || e.value.is_number() {
        st.tostring_basic(e.value)
    } else {
        "(error object is not a string)".to_string()
    }
}

impl Prepared {
    /// Run the program; gives what it printed, or the error message.
    pub fn run(&mut self) -> Result<String, String> {
        let st = &mut self.state;
        let f = st.get_global("__bench_main");
        let a1 = st.intern(self.size.as_bytes());
        let r = interp::call_function(st, f, &[a1]);
        if let Err(e) = r {
            return Err(error_text(st, &e));
        }
        let out = st.get_global("__bench_out");
        Ok(st.tostring_basic(out))
    }
}

/// Prepare and run a program in this process with the plain interpreter.
pub fn run_in_process(prog: &Program, size: Size) -> Result<String, String> {
    prepare(&prog.name, prog.source(), prog.size(size), |_| {})?.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_cover_every_source() {
        let progs = programs();
        assert_eq!(progs.len(), SOURCES.len());
        for p in &progs {
            assert!(
                source(&p.name).is_some(),
                "{} has no embedded source",
                p.name
            );
            assert!(p.path().exists(), "{} missing", p.path().display());
            assert!(p.small_size <= p.default_size, "{}", p.name);
            for out in [&p.expected_default, &p.expected_small] {
                assert!(out.ends_with('\n') && out.lines().count() == 1, "{out:?}");
            }
        }
    }

    #[test]
    fn params_parsing() {
        let p = parse_params("# c\n\nx | 10 | 2 | a\\tb\\\\c | y\n").unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].expected_default, "a\tb\\c\n");
        assert_eq!(p[0].expected_small, "y\n");
        assert!(parse_params("x | 1 | 2 | 3\n").is_err());
        assert!(parse_params("x | one | 2 | 3 | 4\n").is_err());
    }

    #[test]
    fn capture_and_arg_in_process() {
        let src = "print('size', arg[1], ...)";
        let mut p = prepare("t", src, 7, |_| {}).unwrap();
        assert_eq!(p.run().unwrap(), "size\t7\t7\n");
        let mut e = prepare("t", "error('boom')", 1, |_| {}).unwrap();
        assert!(e.run().unwrap_err().contains("boom"));
    }

    /// The small sizes under a reference implementation, when one is installed (fast: the
    /// small sizes take about 20 ms each).
    #[test]
    fn small_sizes_match_reference_lua() {
        let Some(lua) = ["lua5.1", "lua5.4", "luajit"].into_iter().find(|l| {
            std::process::Command::new(l)
                .args(["-e", ""])
                .output()
                .is_ok_and(|o| o.status.success())
        }) else {
            eprintln!("no reference Lua on PATH; skipped");
            return;
        };
        for p in programs() {
            let out = std::process::Command::new(lua)
                .arg(p.path())
                .arg(p.small_size.to_string())
                .output()
                .unwrap();
            assert!(out.status.success(), "{lua} {}: {:?}", p.name, out);
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                p.expected_small,
                "{lua} {}",
                p.name
            );
        }
    }
}
