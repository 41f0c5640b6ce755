//! The `math` library of Lua 5.1.5. Transcendental functions call the C library's `libm`, as
//! the reference does, so results agree to the last bit. `random` reproduces glibc's `rand()`
//! (the TYPE_3 additive feedback generator behind `srand`/`rand`), so seeded sequences print
//! the same numbers as lua5.1 on glibc.

use crate::state::{LuaError, State};
use crate::Value;

type R = Result<usize, LuaError>;

mod c {
    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn asin(x: f64) -> f64;
        pub fn acos(x: f64) -> f64;
        pub fn atan(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log10(x: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn sqrt(x: f64) -> f64;
        pub fn frexp(x: f64, e: *mut i32) -> f64;
        pub fn ldexp(x: f64, e: i32) -> f64;
        pub fn modf(x: f64, ip: *mut f64) -> f64;
    }
}

pub fn open(st: &mut State) {
    let lib = st.register_lib(
        "math",
        &[
            ("abs", abs),
            ("acos", acos),
            ("asin", asin),
            ("atan2", atan2),
            ("atan", atan),
            ("ceil", ceil),
            ("cosh", cosh),
            ("cos", cos),
            ("deg", deg),
            ("exp", exp),
            ("floor", floor),
            ("fmod", fmod),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("log10", log10),
            ("log", log),
            ("max", max),
            ("min", min),
            ("modf", modf),
            ("pow", pow),
            ("rad", rad),
            ("random", random),
            ("randomseed", randomseed),
            ("sinh", sinh),
            ("sin", sin),
            ("sqrt", sqrt),
            ("tanh", tanh),
            ("tan", tan),
        ],
    );
    let pi = st.intern_str("pi");
    let _ = st.raw_set(lib, pi, Value::number(std::f64::consts::PI));
    let huge = st.intern_str("huge");
    let _ = st.raw_set(lib, huge, Value::number(f64::INFINITY));
    // LUA_COMPAT_MOD: `math.mod` is `math.fmod`.
    let fm = st.intern_str("fmod");
    let f = lib.get(fm);
    let m = st.intern_str("mod");
    let _ = st.raw_set(lib, m, f);
    st.ext.insert("math", Box::new(GlibcRand::new(1)));
}

/// The one-argument functions a compiling tier may compute inline for a number argument (it
/// recognises them by their function pointer): `math.abs`, `math.ceil`, `math.floor` and
/// `math.sqrt`, in that order. Each is the IEEE operation of the same name (libm's `sqrt` is
/// correctly rounded), so an inline result is bit-identical to the call's.
pub fn inline_unary() -> [crate::object::NativeFn; 4] {
    [abs, ceil, floor, sqrt]
}

fn num(st: &mut State, base: usize, nargs: usize, i: usize) -> Result<f64, LuaError> {
    st.check_number(base, nargs, i, "")
}

fn ret(st: &mut State, x: f64) -> R {
    st.push(Value::number(x));
    Ok(1)
}

macro_rules! unary {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(
            fn $name(st: &mut State, base: usize, nargs: usize) -> R {
                let x = num(st, base, nargs, 0)?;
                #[allow(clippy::redundant_closure_call)]
                let r = ($f)(x);
                ret(st, r)
            }
        )*
    };
}

// SAFETY (for each `unsafe` call below): the libm functions are pure and take plain doubles.
unary! {
    abs => |x: f64| x.abs(),
    ceil => |x: f64| x.ceil(),
    floor => |x: f64| crate::number::floor(x),
    // SAFETY: pure libm function on a double.
    sqrt => |x| unsafe { c::sqrt(x) },
    // SAFETY: pure libm function on a double.
    sin => |x| unsafe { c::sin(x) },
    // SAFETY: pure libm function on a double.
    cos => |x| unsafe { c::cos(x) },
    // SAFETY: pure libm function on a double.
    tan => |x| unsafe { c::tan(x) },
    // SAFETY: pure libm function on a double.
    asin => |x| unsafe { c::asin(x) },
    // SAFETY: pure libm function on a double.
    acos => |x| unsafe { c::acos(x) },
    // SAFETY: pure libm function on a double.
    atan => |x| unsafe { c::atan(x) },
    // SAFETY: pure libm function on a double.
    sinh => |x| unsafe { c::sinh(x) },
    // SAFETY: pure libm function on a double.
    cosh => |x| unsafe { c::cosh(x) },
    // SAFETY: pure libm function on a double.
    tanh => |x| unsafe { c::tanh(x) },
    // SAFETY: pure libm function on a double.
    exp => |x| unsafe { c::exp(x) },
    // SAFETY: pure libm function on a double.
    log => |x| unsafe { c::log(x) },
    // SAFETY: pure libm function on a double.
    log10 => |x| unsafe { c::log10(x) },
    deg => |x: f64| x / (std::f64::consts::PI / 180.0),
    rad => |x: f64| x * (std::f64::consts::PI / 180.0),
}

fn atan2(st: &mut State, base: usize, nargs: usize) -> R {
    let y = num(st, base, nargs, 0)?;
    let x = num(st, base, nargs, 1)?;
    // SAFETY: pure libm function on doubles.
    ret(st, unsafe { c::atan2(y, x) })
}

fn pow(st: &mut State, base: usize, nargs: usize) -> R {
    let x = num(st, base, nargs, 0)?;
    let y = num(st, base, nargs, 1)?;
    // SAFETY: pure libm function on doubles.
    ret(st, unsafe { c::pow(x, y) })
}

fn fmod(st: &mut State, base: usize, nargs: usize) -> R {
    let x = num(st, base, nargs, 0)?;
    let y = num(st, base, nargs, 1)?;
    // SAFETY: pure libm function on doubles.
    ret(st, unsafe { c::fmod(x, y) })
}

fn modf(st: &mut State, base: usize, nargs: usize) -> R {
    let x = num(st, base, nargs, 0)?;
    let mut ip = 0.0;
    // SAFETY: `ip` is a valid place for the integral part.
    let fp = unsafe { c::modf(x, &mut ip) };
    st.push(Value::number(ip));
    st.push(Value::number(fp));
    Ok(2)
}

fn frexp(st: &mut State, base: usize, nargs: usize) -> R {
    let x = num(st, base, nargs, 0)?;
    let mut e = 0i32;
    // SAFETY: `e` is a valid place for the exponent.
    let m = unsafe { c::frexp(x, &mut e) };
    st.push(Value::number(m));
    st.push(Value::number(e as f64));
    Ok(2)
}

fn ldexp(st: &mut State, base: usize, nargs: usize) -> R {
    let x = num(st, base, nargs, 0)?;
    let e = st.check_int(base, nargs, 1, "ldexp")? as i32;
    // SAFETY: pure libm function.
    ret(st, unsafe { c::ldexp(x, e) })
}

fn min(st: &mut State, base: usize, nargs: usize) -> R {
    let mut m = num(st, base, nargs, 0)?;
    for i in 1..nargs {
        let d = num(st, base, nargs, i)?;
        if d < m {
            m = d;
        }
    }
    ret(st, m)
}

fn max(st: &mut State, base: usize, nargs: usize) -> R {
    let mut m = num(st, base, nargs, 0)?;
    for i in 1..nargs {
        let d = num(st, base, nargs, i)?;
        if d > m {
            m = d;
        }
    }
    ret(st, m)
}

/// glibc's `rand()`: an additive feedback generator over 31 words (`r[i] = r[i-3] + r[i-31]`),
/// seeded through a Park-Miller sequence and warmed up by 310 discarded outputs.
pub struct GlibcRand {
    state: [i32; 31],
    f: usize,
    r: usize,
}

impl GlibcRand {
    pub const RAND_MAX: i32 = 2147483647;

    pub fn new(seed: u32) -> GlibcRand {
        let mut g = GlibcRand {
            state: [0; 31],
            f: 3,
            r: 0,
        };
        g.seed(seed);
        g
    }

    pub fn seed(&mut self, seed: u32) {
        let seed = if seed == 0 { 1 } else { seed };
        self.state[0] = seed as i32;
        let mut word = seed as i32;
        for i in 1..31 {
            // 16807 * word % (2^31 - 1) without overflow (Schrage's method).
            let hi = word / 127773;
            let lo = word % 127773;
            word = 16807i32
                .wrapping_mul(lo)
                .wrapping_sub(2836i32.wrapping_mul(hi));
            if word < 0 {
                word = word.wrapping_add(2147483647);
            }
            self.state[i] = word;
        }
        self.f = 3;
        self.r = 0;
        for _ in 0..310 {
            self.rand();
        }
    }

    pub fn rand(&mut self) -> i32 {
        let v = (self.state[self.f] as u32).wrapping_add(self.state[self.r] as u32);
        self.state[self.f] = v as i32;
        self.f = (self.f + 1) % 31;
        self.r = (self.r + 1) % 31;
        (v >> 1) as i32
    }
}

fn rng(st: &mut State) -> &mut GlibcRand {
    st.ext
        .entry("math")
        .or_insert_with(|| Box::new(GlibcRand::new(1)))
        .downcast_mut::<GlibcRand>()
        .expect("math state")
}

fn random(st: &mut State, base: usize, nargs: usize) -> R {
    let x = rng(st).rand();
    let r = (x % GlibcRand::RAND_MAX) as f64 / GlibcRand::RAND_MAX as f64;
    match nargs {
        0 => ret(st, r),
        1 => {
            let u = st.check_int(base, nargs, 0, "random")? as i32;
            if u < 1 {
                return Err(st.arg_error(1, "random", "interval is empty"));
            }
            ret(st, crate::number::floor(r * u as f64) + 1.0)
        }
        2 => {
            let l = st.check_int(base, nargs, 0, "random")? as i32;
            let u = st.check_int(base, nargs, 1, "random")? as i32;
            if l > u {
                return Err(st.arg_error(2, "random", "interval is empty"));
            }
            let span = u.wrapping_sub(l).wrapping_add(1);
            ret(st, crate::number::floor(r * span as f64) + l as f64)
        }
        _ => Err(st.rt_error("wrong number of arguments")),
    }
}

fn randomseed(st: &mut State, base: usize, nargs: usize) -> R {
    let s = st.check_int(base, nargs, 0, "randomseed")? as i32;
    rng(st).seed(s as u32);
    Ok(0)
}
