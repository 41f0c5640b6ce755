//! Differential fuzzing of the JIT tier against the interpreter.
//!
//! A small generator (seeded xorshift PRNG, std only) writes random but always
//! terminating Lua 5.1 programs built around hot loops whose values change type
//! over time: numbers (integers, fractions, negatives, huge values, 0, -0, NaN),
//! numeric and non-numeric strings, booleans, nil, plain tables, tables with a
//! metatable full of metamethods, closures with upvalues, coroutines, varargs,
//! bounded recursion, `pcall` around risky operations. The programs print a lot
//! (samples of every loop, error messages, a running checksum), so a miscompile
//! or a wrong deoptimization shows up as an output difference.
//!
//! Every program is run as
//!
//! ```text
//! vm prog.lua                          (interpreter)
//! vm --jit=eager prog.lua              (compile every function at its first call)
//! vm --jit --jit-threshold 1 prog.lua  (compile when hot)
//! ```
//!
//! and the three runs must agree byte for byte on stdout and stderr and on the
//! exit status. Support for the JIT flags is detected once with
//! `vm --jit=eager -e ""`; while that fails (the JIT is not there yet), only the
//! interpreter runs and the test checks that it does not crash (exit status 0,
//! or 1 with a `vm:` message and a traceback; never a signal or a panic).
//!
//! A failing program is kept as `target/jit-fuzz-failures/p<SEED>.lua` together
//! with `p<SEED>.txt` (what differed); the test fails and prints the seed and path.
//! Rerun one program by hand with the commands above (from the failure
//! directory, so chunk names in messages match), or regenerate it with
//! `JIT_FUZZ_SEED=<SEED> JIT_FUZZ_COUNT=1`.
//!
//! # Running
//!
//! ```text
//! cargo test --test jit_fuzz                          # 300 programs, fixed seeds
//! JIT_FUZZ_COUNT=2000 cargo test --test jit_fuzz      # more programs
//! JIT_FUZZ_SEED=12345 cargo test --test jit_fuzz      # other seeds: SEED, SEED+1, ...
//! JIT_FUZZ_REFERENCE=lua5.1 cargo test --test jit_fuzz -- --nocapture
//! ```
//!
//! Environment:
//! * `JIT_FUZZ_COUNT`     number of programs (default 300).
//! * `JIT_FUZZ_SEED`      first seed (default fixed, so CI is deterministic);
//!   program `n` uses seed `JIT_FUZZ_SEED + n`.
//! * `JIT_FUZZ_THREADS`   worker threads (default 2).
//! * `JIT_FUZZ_REFERENCE` a reference Lua 5.1 binary (e.g. `lua5.1`): each program
//!   is also run with it and `vm prog.lua` must match it (stdout and exit status;
//!   stderr after mapping the reference's `name: ` prefix to `vm: `). This mode
//!   validates the generator (programs are valid Lua 5.1 whose output does not
//!   depend on the implementation) and the interpreter.
//! * `JIT_FUZZ_VM`        binary to test instead of the `vm` built by cargo
//!   (e.g. `target/release/vm`, or a wrapper script).
//! * `JIT_FUZZ_KEEP`      if set, keep every generated program in the work directory
//!   (`target/tmp/jit-fuzz-<pid>/`).
//!
//! The last known difference from lua5.1 (the variable named in errors whose operand comes
//! out of `x and y or z`) was fixed in the compiler (`logic_value_leaf`); reference mode
//! reported it a few times per thousand programs.
//!
//! What the programs avoid because it legitimately differs between
//! implementations: printing tables or functions (addresses), `tostring` of
//! them, `pairs` order (keys are sorted before printing), time and clock,
//! `math.random`, stack overflows, `collectgarbage("count")`, strings such as
//! "inf"/"nan"/hex floats that only some C libraries convert to numbers, and
//! the length of tables with holes (only checked to be *a* border).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const DEFAULT_COUNT: u64 = 300;
const DEFAULT_SEED: u64 = 0x4A17_F022;
/// A single run taking longer than this is reported as a failure (hang).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/// xorshift64* seeded through one splitmix64 step (so that neighbouring seeds
/// give unrelated streams).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        (self.next() >> 11) % n
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------
// Program generator
// ---------------------------------------------------------------------------

/// Fixed part of every program: value rendering, a running checksum, error
/// reporting, a metatable with (optionally) every metamethod, and helpers.
/// Lines marked `@name` are emitted only if the generator decides to keep the
/// metamethod `name` for this program.
const PRELUDE: &str = r#"local fmt = string.format
local H, nerr, cnt, x, s, u = 0, 0, 0, 0, "", nil
local h, arr, arrn, fs = {}, {}, 0, {}
local seen = {}
local function N(v)
  local t = type(v)
  if t == "table" then return rawget(v, "n") or 0 end
  if t == "function" then return -1 end
  return v
end
local function show(v)
  local t = type(v)
  if t == "number" then return fmt("%.14g", v) end
  if t == "string" then return fmt("%q", v) end
  if t == "table" then return "T(" .. show(rawget(v, "n")) .. ")" end
  if t == "function" then return "F" end
  return tostring(v)
end
local function mix(v)
  local t, z = type(v), 9
  if t == "number" then
    if v ~= v then z = 1 elseif v == 1 / 0 then z = 2 elseif v == -1 / 0 then z = 3 else z = v % 65521 end
  elseif t == "string" then z = #v * 3 + (string.byte(v, 1) or 0)
  elseif t == "boolean" then z = v and 5 or 6
  elseif t == "table" then
    local n = rawget(v, "n")
    z = (type(n) == "number" and n == n and n > -1e9 and n < 1e9) and 7 + n % 97 or 7
  elseif t == "function" then z = 8 end
  H = (H * 31 + z) % 4294967291
end
local function report(tag, ok, r)
  if ok then mix(r) return end
  nerr = nerr + 1
  local m = type(r) == "string" and r or "<" .. type(r) .. ">"
  if not seen[m] then seen[m] = true print(tag, "error", m) end
end
local function cut(v) if #v > 40 then return string.sub(v, -24) end return v end
local function border(t)
  local n = #t
  return (n == 0 or rawget(t, n) ~= nil) and rawget(t, n + 1) == nil
end
local function keys(t)
  local ks = {}
  for k in pairs(t) do
    local tk = type(k)
    if tk == "number" or tk == "string" or tk == "boolean" then ks[#ks + 1] = k end
  end
  table.sort(ks, function(p, q)
    local tp, tq = type(p), type(q)
    if tp ~= tq then return tp < tq end
    if tp == "boolean" then return (not p) and q end
    return p < q
  end)
  return ks
end
local MT = {}
local function obj(n) return setmetatable({ n = n }, MT) end
@add MT.__add = function(a, b) return obj(N(a) + N(b)) end
@sub MT.__sub = function(a, b) return N(a) - N(b) end
@mul MT.__mul = function(a, b) return obj(N(a) * N(b)) end
@div MT.__div = function(a, b) return N(a) / N(b) end
@mod MT.__mod = function(a, b) return N(a) % N(b) end
@pow MT.__pow = function(a, b) return 2 end
@unm MT.__unm = function(a) return obj(-N(a)) end
@concat MT.__concat = function(a, b) return show(N(a)) .. "~" .. show(N(b)) end
@eq MT.__eq = function(a, b) return N(a) == N(b) end
@lt MT.__lt = function(a, b) return N(a) < N(b) end
@le MT.__le = function(a, b) return N(a) <= N(b) end
@len MT.__len = function(a) return 99 end
@call MT.__call = function(self, v) return N(self) + N(v) end
@indexf MT.__index = function(t, k) if type(k) == "string" then return k .. "!" end return k end
@indext MT.__index = { x = 1, y = "2", [1] = "one" }
@newindex MT.__newindex = function(t, k, v) rawset(t, k, v) cnt = cnt + 1 end
local function va(...) return select('#', ...), ... end
local function pick(n, ...) return (select(n, ...)) end
local function rec(n, v) if n <= 0 then return v end return rec(n - 1, v) + 1 end
local function trec(n, v) if n <= 0 then return v end if n % 7 == 0 then v = not v end return trec(n - 1, v) end
local function store(t, k, v) t[k] = v return v end
local function mk(c0) return function(d) c0 = c0 + d return c0 end end
local ctr = mk(0)
local box = { v = 0 }
function box:put(v) self.v = v return self end
function box:get() return self.v end
"#;

/// How many entries at the start of `KINDS` are numbers.
const NUMERIC_KINDS: usize = 13;

/// Values a producer returns in one phase, in terms of its argument `k`
/// (numbers first, see `NUMERIC_KINDS`).
const KINDS: &[&str] = &[
    "k",
    "k * 3 - 7",
    "-k",
    "k % 17",
    "k / 4",
    "k * 0.1",
    "k + 0.5",
    "-k / 3",
    "k * 1e300",
    "2 ^ 53 + k",
    "0",
    "-(k - k)",
    "(k % 2 == 0) and 0 / 0 or k",
    "tostring(k)",
    "\"12\"",
    "\" 0x10 \"",
    "\"1e2\"",
    "\"-3.5\"",
    "\"  7  \"",
    "tostring(k / 8)",
    "\"s\" .. k % 10",
    "\"abc\"",
    "\"\"",
    "k % 3 == 0",
    "true",
    "false",
    "nil",
    "obj(k)",
    "obj(k / 2)",
    "obj(-k)",
    "{ k, k + 1 }",
    "{ n = k }",
    "ctr",
    "function(d) return k end",
];

/// Numeric constant leaves of generated expressions.
const NUM_LEAVES: &[&str] = &[
    "0", "1", "(-1)", "0.5", "3", "10", "1e300", "(2 ^ 53)", "0.1",
];

/// Non-numeric leaves (rare in numeric contexts).
const ODD_LEAVES: &[&str] = &[
    "\"ab\"", "\"\"", "true", "false", "nil", "s", "u", "G", "h", "box",
];

/// Keys used for stores into the hash table `h`.
const KEYS: &[&str] = &[
    "1", "2", "3", "2.0", "1.5", "-1", "\"x\"", "\"y\"", "\"1\"", "true", "0",
];

struct Gen {
    r: Rng,
    out: String,
    indent: usize,
    nprod: usize,
    nexpr: usize,
    tag: usize,
}

impl Gen {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn tag(&mut self) -> String {
        self.tag += 1;
        format!("\"L{}\"", self.tag)
    }

    fn prelude(&mut self) {
        let use_index_fn = self.r.chance(50);
        for l in PRELUDE.lines() {
            if let Some(rest) = l.strip_prefix('@') {
                let (name, code) = rest.split_once(' ').expect("marked prelude line");
                let keep = match name {
                    "indexf" => use_index_fn,
                    "indext" => !use_index_fn,
                    "newindex" => self.r.chance(30),
                    _ => self.r.chance(85),
                };
                if keep {
                    self.line(code);
                }
            } else {
                self.line(l);
            }
        }
        let g = self
            .r
            .pick(&["0", "\"5\"", "nil", "obj(3)", "2.5"])
            .to_string();
        self.line(&format!("G = {g}"));
    }

    /// A producer `Pn(k)`: the type of its result changes with `k`.
    fn producer(&mut self) {
        self.nprod += 1;
        let n = self.nprod;
        self.line(&format!("local function P{n}(k)"));
        self.indent += 1;
        if self.r.chance(35) {
            let m = self.r.range(2, 9);
            let kind = *self.r.pick(KINDS);
            self.line(&format!("if k % {m} == 0 then return {kind} end"));
        }
        let phases = self.r.range(1, 3);
        let mut bound = 0;
        for p in 0..phases {
            // Mostly start with numbers (what a JIT speculates on), then change.
            let kind = if p == 0 && self.r.chance(70) {
                *self.r.pick(&KINDS[..NUMERIC_KINDS])
            } else {
                *self.r.pick(KINDS)
            };
            if p + 1 == phases {
                self.line(&format!("return {kind}"));
            } else {
                bound += self.r.range(40, 700);
                self.line(&format!("if k < {bound} then return {kind} end"));
            }
        }
        self.indent -= 1;
        self.line("end");
    }

    /// A leaf for a numeric context: mostly parameters (whose types change
    /// over time) and numbers, sometimes numeric strings, rarely anything else.
    fn num_leaf(&mut self, params: &[&str]) -> String {
        match self.r.below(20) {
            0..=10 => self.r.pick(params).to_string(),
            11..=15 => self.r.pick(NUM_LEAVES).to_string(),
            16 | 17 => self.r.pick(&["x", "cnt", "d", "G"]).to_string(),
            18 => self.r.pick(&["\"7\"", "\" 0x10 \"", "\"2.5\""]).to_string(),
            _ => self.r.pick(ODD_LEAVES).to_string(),
        }
    }

    fn any_leaf(&mut self, params: &[&str]) -> String {
        match self.r.below(10) {
            0..=5 => self.r.pick(params).to_string(),
            6 | 7 => self.r.pick(NUM_LEAVES).to_string(),
            _ => self.r.pick(ODD_LEAVES).to_string(),
        }
    }

    /// An expression meant to be a number (it is not when a parameter is not).
    fn num_expr(&mut self, depth: u32, params: &[&str]) -> String {
        if depth == 0 || self.r.chance(30) {
            return self.num_leaf(params);
        }
        let d = depth - 1;
        match self.r.below(14) {
            0..=6 => {
                let op = *self
                    .r
                    .pick(&["+", "-", "*", "/", "%", "^", "+", "-", "*", "+"]);
                format!(
                    "({} {op} {})",
                    self.num_expr(d, params),
                    self.num_expr(d, params)
                )
            }
            7 => format!("(-{})", self.num_expr(d, params)),
            8 => format!("#{}", self.str_expr(d, params)),
            9 => {
                let f = *self.r.pick(&["N", "math.floor", "ctr", "math.abs"]);
                format!("{f}({})", self.num_expr(d, params))
            }
            10 => format!("(tonumber({}) or 0)", self.any_expr(d, params)),
            11 => format!("rec(3, {})", self.num_expr(d, params)),
            12 => format!(
                "select('#', va({}, {}))",
                self.any_expr(d, params),
                self.any_expr(d, params)
            ),
            _ => format!(
                "({} and {} or {})",
                self.any_expr(d, params),
                self.num_expr(d, params),
                self.num_expr(d, params)
            ),
        }
    }

    /// An expression meant to be a string.
    fn str_expr(&mut self, depth: u32, params: &[&str]) -> String {
        if depth == 0 || self.r.chance(30) {
            return match self.r.below(4) {
                0 => "s".to_string(),
                1 => self
                    .r
                    .pick(&["\"ab\"", "\"\"", "\"12\"", "\"x y\""])
                    .to_string(),
                _ => self.r.pick(params).to_string(),
            };
        }
        let d = depth - 1;
        match self.r.below(6) {
            0 | 1 => format!(
                "({} .. {})",
                self.str_expr(d, params),
                self.any_expr(d, params)
            ),
            2 => format!("show({})", self.any_expr(d, params)),
            3 => format!("type({})", self.any_expr(d, params)),
            4 => format!("string.sub({}, 2, 4)", self.str_expr(d, params)),
            _ => format!("string.rep({}, 2)", self.str_expr(d, params)),
        }
    }

    /// An expression of any type.
    fn any_expr(&mut self, depth: u32, params: &[&str]) -> String {
        if depth == 0 || self.r.chance(25) {
            return self.any_leaf(params);
        }
        let d = depth - 1;
        match self.r.below(16) {
            0..=4 => self.num_expr(depth, params),
            5 | 6 => self.str_expr(depth, params),
            7 | 8 => {
                let op = *self.r.pick(&["==", "~=", "<", "<=", ">", ">="]);
                if self.r.chance(70) {
                    format!(
                        "({} {op} {})",
                        self.num_expr(d, params),
                        self.num_expr(d, params)
                    )
                } else {
                    format!(
                        "({} {op} {})",
                        self.any_expr(d, params),
                        self.any_expr(d, params)
                    )
                }
            }
            9 => {
                let op = *self.r.pick(&["and", "or"]);
                format!(
                    "({} {op} {})",
                    self.any_expr(d, params),
                    self.any_expr(d, params)
                )
            }
            10 => format!("(not {})", self.any_expr(d, params)),
            11 => match self.r.below(3) {
                0 => format!("h[{}]", self.any_expr(d, params)),
                1 => format!("{}.n", self.r.pick(params)),
                _ => format!("{}[1]", self.r.pick(params)),
            },
            12 => format!("obj({})", self.num_expr(d, params)),
            13 => format!(
                "pick(2, va({}, {}))",
                self.any_expr(d, params),
                self.any_expr(d, params)
            ),
            14 => format!("{}({})", self.r.pick(params), self.any_expr(d, params)),
            _ => format!(
                "{{ {}, {} }}",
                self.any_expr(d, params),
                self.any_expr(d, params)
            ),
        }
    }

    /// An expression function `En(a, b, c, d)`, called through pcall from hot loops.
    fn expr_function(&mut self) {
        self.nexpr += 1;
        let n = self.nexpr;
        let params = ["a", "b", "c", "d"];
        if self.r.chance(70) {
            let e = if self.r.chance(60) {
                self.num_expr(3, &params)
            } else {
                self.any_expr(3, &params)
            };
            self.line(&format!("local function E{n}(a, b, c, d) return {e} end"));
        } else {
            let (e1, e2, e3) = (
                self.any_expr(2, &params),
                self.num_expr(2, &params),
                self.any_expr(2, &params),
            );
            self.line(&format!("local function E{n}(a, b, c, d)"));
            self.line(&format!("  local t = {e1}"));
            self.line(&format!("  if t then return {e2}, t else return {e3} end"));
            self.line("end");
        }
    }

    fn var(&mut self) -> &'static str {
        ["a", "b", "c"][self.r.below(3) as usize]
    }

    fn arg(&mut self) -> String {
        match self.r.below(10) {
            0 => "i".to_string(),
            1 => "u".to_string(),
            2 => "nil".to_string(),
            3 => "x".to_string(),
            _ => self.var().to_string(),
        }
    }

    /// One statement of a hot loop body; `a`, `b`, `c` and `i` are in scope.
    fn stmt(&mut self, in_coroutine: bool) {
        let v = self.var();
        let w = self.var();
        let t = self.tag();
        match self.r.below(30) {
            0..=5 => {
                let e = self.r.range(1, self.nexpr as i64);
                let args: Vec<String> = (0..4).map(|_| self.arg()).collect();
                if self.r.chance(50) {
                    self.line(&format!("report({t}, pcall(E{e}, {}))", args.join(", ")));
                } else {
                    // A direct call (one result) from a closure: a call site the JIT may
                    // inline when E is plain arithmetic.
                    self.line(&format!(
                        "report({t}, pcall(function() return (E{e}({})) end))",
                        args.join(", ")
                    ));
                }
            }
            6 => {
                let f = *self.r.pick(&["0.5", "1", "-2", "0.25"]);
                self.line(&format!("if type({v}) == \"number\" then x = x + {v} * {f} end"));
            }
            7 => self.line(&format!("x = x + (tonumber({v}) or 1)")),
            8 => {
                if self.r.chance(50) {
                    self.line(&format!("s = cut(s .. show({v}))"));
                } else {
                    self.line(&format!("if type({v}) == \"string\" then s = cut({v} .. s) end"));
                }
            }
            9 => {
                let k = *self.r.pick(KEYS);
                self.line(&format!("h[{k}] = {v}"));
            }
            10 => self.line(&format!("report({t}, pcall(store, h, {v}, {w}))")),
            11 => self.line(&format!(
                "arrn = arrn % 48 + 1 if {v} ~= nil then arr[arrn] = {v} else arr[arrn] = false end"
            )),
            12 => {
                self.line(&format!("if type({v}) == \"number\" then x = x + {v} % 7"));
                self.line(&format!("elseif type({v}) == \"string\" then s = cut(s .. {v})"));
                self.line(&format!("elseif {v} then cnt = cnt + 1"));
                self.line("else cnt = cnt - 1 end");
            }
            13 => {
                let x2 = self.var();
                if self.r.chance(50) {
                    self.line(&format!("mix({v} and {w} or {x2})"));
                } else {
                    self.line(&format!("mix(({v} or {w}) and not {x2})"));
                }
            }
            14 => self.line(&format!("u = {v}")),
            15 => self.line(&format!("G = {v}")),
            16 => {
                self.line(&format!(
                    "local f = function(d) cnt = cnt + 1 return {v}, d end"
                ));
                self.line(&format!("fs[i % 8 + 1] = f mix(f({w})) mix(select('#', f()))"));
            }
            17 => {
                let (a, b, c) = *self.r.pick(&[
                    ("1", "3", "1"),
                    ("3", "1", "-1"),
                    ("1", "0", "1"),
                    ("0", "1", "0.25"),
                    ("2.5", "-1", "-0.5"),
                    ("-3", "3", "2"),
                    ("1", "1", "1"),
                    ("5", "5", "-1"),
                ]);
                self.line(&format!(
                    "for j = {a}, {b}, {c} do x = x + j * (tonumber({v}) or 1) end"
                ));
            }
            18 => self.line("for k2, v2 in ipairs(arr) do if k2 > 5 then break end mix(v2) end"),
            19 => {
                let lim = self.r.range(2, 6);
                self.line(&format!(
                    "do local w = 0 while w < {lim} do w = w + 1 if w == 3 and {v} then break end end mix(w) end"
                ));
            }
            20 => {
                if self.r.chance(50) {
                    self.line(&format!("mix(select('#', va({v}, {w})))"));
                } else {
                    self.line(&format!("report({t}, pcall(pick, 3, va({v}, {w}, nil)))"));
                }
            }
            21 => {
                let m = self.r.range(3, 15);
                self.line(&format!("report({t}, pcall(rec, i % {m}, {v}))"));
            }
            22 => {
                let m = self.r.range(20, 200);
                self.line(&format!("mix(trec(i % {m}, {v}))"));
            }
            23 => self.line(&format!("report({t}, pcall(ctr, {v}))")),
            24 => {
                if in_coroutine {
                    self.line(&format!("mix({v})"));
                } else {
                    self.line(&format!("report({t}, coroutine.resume(co, {v}))"));
                }
            }
            25 => {
                self.line(&format!("report({t}, pcall(box.put, box, {v})) mix(box:get())"));
            }
            26 => {
                if self.r.chance(50) {
                    self.line(&format!(
                        "if type({v}) == \"number\" then s = cut(s .. fmt(\"%.14g,\", {v})) end"
                    ));
                } else {
                    self.line(&format!("report({t}, pcall(fmt, \"%5.1f\", {v}))"));
                }
            }
            27 => self.line(&format!(
                "if type({v}) == \"string\" then mix(#{v}) mix(string.upper({v})) mix(string.sub({v}, 2, -2)) end"
            )),
            28 => {
                if self.r.chance(40) {
                    self.line("if i % 97 == 0 then collectgarbage() end");
                } else {
                    self.line(&format!(
                        "if type({v}) == \"number\" and type({w}) == \"number\" then if {v} < {w} then cnt = cnt + 1 elseif {v} == {w} then cnt = cnt + 2 end end"
                    ));
                }
            }
            _ => {
                let m = self.r.range(20, 90);
                if self.r.chance(50) {
                    self.line(&format!("if i % {m} == 7 then report({t}, pcall(error, {v})) end"));
                } else {
                    self.line(&format!(
                        "if i % {m} == 3 then report({t}, pcall(function() error({v}, 1) end)) end"
                    ));
                }
            }
        }
    }

    fn loop_body(&mut self, name: &str, iters: i64, in_coroutine: bool) {
        let p: Vec<String> = (0..3)
            .map(|_| {
                let n = self.r.range(1, self.nprod as i64);
                match self.r.below(6) {
                    0 => format!("P{n}(i + 7)"),
                    1 => format!("P{n}({iters} - i)"),
                    _ => format!("P{n}(i)"),
                }
            })
            .collect();
        self.line(&format!("local a, b, c = {}, {}, {}", p[0], p[1], p[2]));
        let nstmts = self.r.range(2, 6);
        for _ in 0..nstmts {
            self.stmt(in_coroutine);
        }
        let every = (iters / self.r.range(4, 10)).max(1);
        self.line(&format!(
            "if i % {every} == 0 then print(\"{name}\", i, show(a), show(b), show(c), show(x), cnt) end"
        ));
    }

    fn block(&mut self, k: usize) {
        let name = format!("B{k}");
        let iters = *self.r.pick(&[100, 200, 300, 500, 700, 1000, 1500]);
        match self.r.below(7) {
            0 | 1 => {
                // numeric for in the main chunk (on-stack replacement)
                let step = *self.r.pick(&["1", "1", "1", "0.5", "2"]);
                let (a, b, c) = if self.r.chance(25) {
                    (iters.to_string(), "1".to_string(), "-1")
                } else {
                    ("1".to_string(), iters.to_string(), step)
                };
                self.line(&format!("for i = {a}, {b}, {c} do"));
                self.indent += 1;
                self.loop_body(&name, iters, false);
                self.indent -= 1;
                self.line("end");
            }
            2 => {
                self.line(&format!("local function run{k}(n)"));
                self.indent += 1;
                self.line("for i = 1, n do");
                self.indent += 1;
                self.loop_body(&name, iters, false);
                self.indent -= 1;
                self.line("end");
                self.indent -= 1;
                self.line("end");
                let second = self.r.range(10, 300);
                self.line(&format!("run{k}({iters}) run{k}({second})"));
            }
            3 => {
                let stop = self.r.range(20, 400);
                self.line("do local i, c0 = 0, cnt");
                self.line(&format!("while i < {iters} do"));
                self.indent += 1;
                self.line("i = i + 1");
                self.loop_body(&name, iters, false);
                self.line(&format!(
                    "if cnt > c0 + {stop} and i % 3 == 0 then break end"
                ));
                self.indent -= 1;
                self.line("end end");
            }
            4 => {
                self.line("do local i, e0 = 0, nerr");
                self.line("repeat");
                self.indent += 1;
                self.line("i = i + 1");
                self.loop_body(&name, iters, false);
                self.indent -= 1;
                let stop = self.r.range(50, 600);
                self.line(&format!("until i >= {iters} or nerr > e0 + {stop} end"));
            }
            5 => {
                self.line(&format!(
                    "local gen{k} = coroutine.wrap(function() for i = 1, {iters} do"
                ));
                self.indent += 1;
                self.loop_body(&name, iters, true);
                self.line("coroutine.yield(i)");
                self.indent -= 1;
                self.line("end end)");
                self.line(&format!("for r = 1, {iters} do gen{k}() end"));
            }
            _ => {
                // generic for over an iterator closure
                self.line(&format!(
                    "local function it{k}(n) local j = 0 return function() j = j + 1 if j <= n then return j, j * 2 end end end"
                ));
                self.line(&format!("for i, i2 in it{k}({iters}) do"));
                self.indent += 1;
                self.loop_body(&name, iters, false);
                self.indent -= 1;
                self.line("end");
            }
        }
        self.line(&format!(
            "print(\"{name} done\", H, nerr, show(x), show(s), show(u), cnt, #arr, border(h))"
        ));
    }

    fn ending(&mut self) {
        self.line("for _, k in ipairs(keys(h)) do io.write(show(k), \"=\", show(h[k]), \" \") end print()");
        self.line("print(\"end\", H, nerr, x, show(s), show(G))");
        if self.r.chance(15) {
            let e = self.r.range(1, self.nexpr as i64);
            match self.r.below(4) {
                0 => self.line(&format!("print(show(E{e}(P1(3), P1(700), u, 4)))")),
                1 => self.line("error(\"final \" .. cnt)"),
                2 => self.line("error(obj(1))"),
                _ => self.line("local last = nil print(last.field)"),
            }
        }
    }
}

/// The program for `seed`.
fn generate(seed: u64) -> String {
    let mut g = Gen {
        r: Rng::new(seed),
        out: String::new(),
        indent: 0,
        nprod: 0,
        nexpr: 0,
        tag: 0,
    };
    g.line(&format!("-- jit_fuzz program, seed {seed}"));
    g.prelude();
    for _ in 0..g.r.range(2, 4) {
        g.producer();
    }
    g.line("local co = coroutine.create(function(v) for k = 1, 100000 do v = coroutine.yield(P1(k), v) end end)");
    for _ in 0..g.r.range(3, 6) {
        g.expr_function();
    }
    for k in 1..=g.r.range(2, 4) as usize {
        g.block(k);
    }
    g.ending();
    g.out
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Run {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<ExitStatus>,
    timed_out: bool,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    fn describe_status(&self) -> String {
        if self.timed_out {
            return format!("timed out after {}s", RUN_TIMEOUT.as_secs());
        }
        match self.status {
            Some(s) => match s.code() {
                Some(c) => format!("exit {c}"),
                None => describe_signal(&s),
            },
            None => "no status".to_string(),
        }
    }
}

#[cfg(unix)]
fn describe_signal(s: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match s.signal() {
        Some(sig) => format!("killed by signal {sig}"),
        None => format!("{s}"),
    }
}

#[cfg(not(unix))]
fn describe_signal(s: &ExitStatus) -> String {
    format!("{s}")
}

#[cfg(unix)]
fn set_arg0(cmd: &mut Command, name: &str) {
    use std::os::unix::process::CommandExt;
    cmd.arg0(name);
}

#[cfg(not(unix))]
fn set_arg0(_cmd: &mut Command, _name: &str) {}

fn reader<R: Read + Send + 'static>(mut r: R) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// Runs `bin args... file` in `dir` with a timeout.
fn run(bin: &Path, arg0: Option<&str>, args: &[&str], dir: &Path, file: &str) -> Run {
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir)
        .args(args)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(a) = arg0 {
        set_arg0(&mut cmd, a);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => panic!("cannot run {}: {e}", bin.display()),
    };
    let out = reader(child.stdout.take().expect("piped stdout"));
    let err = reader(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) => {}
            Err(_) => break None,
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().ok();
        }
        thread::sleep(Duration::from_millis(2));
    };
    Run {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        status,
        timed_out,
    }
}

/// Whether the interpreter run ended "normally": exit 0, or exit 1 after an
/// uncaught runtime error reported by `vm:` (with a traceback, or the
/// message for a non-string error object). Anything else (signal, panic,
/// timeout, a load/syntax error, which means the generator is broken) is a
/// failure.
fn sane(r: &Run) -> Result<(), String> {
    if r.timed_out {
        return Err(r.describe_status());
    }
    let err = String::from_utf8_lossy(&r.stderr);
    match r.code() {
        Some(0) if r.stderr.is_empty() => Ok(()),
        Some(0) => Err("exit 0 but stderr is not empty".to_string()),
        Some(1)
            if err.starts_with("vm: ")
                && (err.contains("\nstack traceback:\n")
                    || err.contains("(error object is not a string)")) =>
        {
            Ok(())
        }
        Some(1) => Err(format!(
            "exit 1 without a runtime error report (load error?): {}",
            first_lines(&r.stderr, 3)
        )),
        _ => Err(format!(
            "abnormal end: {}; stderr: {}",
            r.describe_status(),
            first_lines(&r.stderr, 5)
        )),
    }
}

fn first_lines(b: &[u8], n: usize) -> String {
    String::from_utf8_lossy(b)
        .lines()
        .take(n)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// First differing line of two outputs, for reports.
fn first_diff(a: &[u8], b: &[u8]) -> String {
    let la: Vec<&[u8]> = a.split(|&c| c == b'\n').collect();
    let lb: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
    let i = la
        .iter()
        .zip(lb.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    let show = |v: &Vec<&[u8]>| {
        v.get(i)
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .unwrap_or_else(|| "<end of output>".to_string())
    };
    format!("line {}:\n    - {}\n    + {}", i + 1, show(&la), show(&lb))
}

/// Compares two runs; returns a description of every difference.
fn compare(name_a: &str, a: &Run, name_b: &str, b: &Run) -> Vec<String> {
    let mut d = Vec::new();
    if a.stdout != b.stdout {
        d.push(format!(
            "stdout differs ({name_a} vs {name_b}) at {}",
            first_diff(&a.stdout, &b.stdout)
        ));
    }
    if a.stderr != b.stderr {
        d.push(format!(
            "stderr differs ({name_a} vs {name_b}) at {}",
            first_diff(&a.stderr, &b.stderr)
        ));
    }
    if a.code() != b.code() || a.timed_out || b.timed_out {
        d.push(format!(
            "exit status differs: {name_a}: {}, {name_b}: {}",
            a.describe_status(),
            b.describe_status()
        ));
    }
    d
}

/// Replaces `prefix` at the start of every line with `vm: `.
fn map_prefix(b: &[u8], prefix: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    for line in b.split_inclusive(|&c| c == b'\n') {
        match line.strip_prefix(prefix.as_bytes()) {
            Some(rest) => {
                out.extend_from_slice(b"vm: ");
                out.extend_from_slice(rest);
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

fn env_u64(name: &str, default: u64) -> u64 {
    match env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            let v = v.trim();
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => v.parse().ok(),
            };
            parsed.unwrap_or_else(|| panic!("{name} must be a non-negative integer, got '{v}'"))
        }
        _ => default,
    }
}

struct Config {
    vm: PathBuf,
    jit: bool,
    reference: Option<PathBuf>,
    work: PathBuf,
    failures: PathBuf,
}

const JIT_MODES: &[(&str, &[&str])] = &[
    ("jit-eager", &["--jit=eager"]),
    ("jit-hot", &["--jit", "--jit-threshold", "1"]),
];

/// Generates, runs and checks the program for `seed`; returns the problems found.
fn check_seed(cfg: &Config, seed: u64) -> Vec<String> {
    let src = generate(seed);
    let file = format!("p{seed}.lua");
    let path = cfg.work.join(&file);
    fs::write(&path, &src).expect("write program");

    let interp = run(&cfg.vm, Some("vm"), &[], &cfg.work, &file);
    let mut problems = Vec::new();
    if let Err(e) = sane(&interp) {
        problems.push(format!("interpreter: {e}"));
    }
    if cfg.jit {
        for (name, args) in JIT_MODES {
            let r = run(&cfg.vm, Some("vm"), args, &cfg.work, &file);
            problems.extend(compare("interp", &interp, name, &r));
        }
    }
    if let Some(refbin) = &cfg.reference {
        let refname = refbin
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "lua".to_string());
        let mut r = run(refbin, Some(&refname), &[], &cfg.work, &file);
        r.stderr = map_prefix(&r.stderr, &format!("{refname}: "));
        problems.extend(compare(&refname, &r, "interp", &interp));
    }

    let keep_all = env::var_os("JIT_FUZZ_KEEP").is_some();
    if problems.is_empty() {
        if !keep_all {
            let _ = fs::remove_file(&path);
        }
    } else {
        fs::create_dir_all(&cfg.failures).expect("create failure directory");
        let kept = cfg.failures.join(&file);
        fs::write(&kept, &src).expect("keep failing program");
        let mut report = String::new();
        let _ = writeln!(report, "seed {seed}: {}", kept.display());
        for p in &problems {
            let _ = writeln!(report, "  {p}");
        }
        let _ = fs::write(cfg.failures.join(format!("p{seed}.txt")), &report);
        if !keep_all {
            let _ = fs::remove_file(&path);
        }
        problems.insert(
            0,
            format!("seed {seed}: program kept at {}", kept.display()),
        );
    }
    problems
}

fn jit_supported(vm: &Path) -> bool {
    Command::new(vm)
        .args(["--jit=eager", "-e", ""])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[test]
fn jit_differential() {
    let vm = env::var_os("JIT_FUZZ_VM")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vm")));
    let count = env_u64("JIT_FUZZ_COUNT", DEFAULT_COUNT);
    let base = env_u64("JIT_FUZZ_SEED", DEFAULT_SEED);
    let threads = env_u64("JIT_FUZZ_THREADS", 2).max(1) as usize;
    let reference = env::var_os("JIT_FUZZ_REFERENCE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let jit = jit_supported(&vm);
    if !jit {
        eprintln!(
            "note: `vm --jit=eager` is not supported by this build; only checking that the \
             interpreter runs the {count} generated programs without crashing"
        );
    }
    // target/jit-fuzz-failures, next to the profile directory holding the binary.
    let target = Path::new(env!("CARGO_BIN_EXE_vm"))
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    let work =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("jit-fuzz-{}", std::process::id()));
    fs::create_dir_all(&work).expect("create work directory");
    let cfg = Arc::new(Config {
        vm,
        jit,
        reference,
        work: work.clone(),
        failures: target.join("jit-fuzz-failures"),
    });

    let start = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::<(u64, Vec<String>)>::new()));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (cfg, next, failures) =
                (Arc::clone(&cfg), Arc::clone(&next), Arc::clone(&failures));
            thread::spawn(move || loop {
                let n = next.fetch_add(1, Ordering::SeqCst) as u64;
                if n >= count {
                    break;
                }
                let seed = base.wrapping_add(n);
                let problems = check_seed(&cfg, seed);
                if !problems.is_empty() {
                    eprintln!("FAIL {}", problems.join("\n  "));
                    failures.lock().unwrap().push((seed, problems));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("fuzz worker panicked");
    }
    if env::var_os("JIT_FUZZ_KEEP").is_none() {
        let _ = fs::remove_dir_all(&work);
    }

    let mut failures = failures.lock().unwrap().clone();
    failures.sort();
    let modes = if cfg.jit {
        "interp, jit-eager, jit-hot"
    } else {
        "interp only"
    };
    eprintln!(
        "jit_fuzz: {count} programs from seed {base} ({modes}{}) in {:.1}s, {} failed",
        if cfg.reference.is_some() {
            ", plus reference"
        } else {
            ""
        },
        start.elapsed().as_secs_f64(),
        failures.len()
    );
    if !failures.is_empty() {
        let mut msg = format!("{} of {count} programs failed:\n", failures.len());
        for (_, p) in failures.iter().take(20) {
            let _ = writeln!(msg, "  {}", p.join("\n    "));
        }
        if failures.len() > 20 {
            let _ = writeln!(msg, "  ... and {} more", failures.len() - 20);
        }
        panic!("{msg}");
    }
}

#[test]
fn generator_is_deterministic_and_varied() {
    let a = generate(7);
    assert_eq!(a, generate(7));
    assert_ne!(a, generate(8));
    let mut r = Rng::new(1);
    let first: Vec<u64> = (0..4).map(|_| r.next()).collect();
    let mut r2 = Rng::new(1);
    assert_eq!(first, (0..4).map(|_| r2.next()).collect::<Vec<_>>());
    for seed in 0..50 {
        let p = generate(seed);
        let lines = p.lines().count();
        assert!((60..=220).contains(&lines), "seed {seed}: {lines} lines");
    }
}
