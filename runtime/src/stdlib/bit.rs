//! `bit`: a built-in module compatible with LuaBitOp 1.0 (`require "bit"`). Operands are
//! converted to 32-bit integers the way LuaBitOp does (adding 2^52 + 2^51 and keeping the low
//! word, so fractions round to even and values wrap modulo 2^32); results are signed 32-bit.

use crate::state::{to_number, LuaError, State};
use crate::Value;

type R = Result<usize, LuaError>;

fn barg(st: &mut State, base: usize, nargs: usize, i: usize, fname: &str) -> Result<u32, LuaError> {
    let v = st.arg(base, nargs, i);
    match to_number(v) {
        Some(n) => Ok(tobit_bits(n)),
        None => Err(st.type_error(
            i + 1,
            fname,
            "number",
            if i < nargs { Some(v) } else { None },
        )),
    }
}

/// LuaBitOp's conversion of a double to 32 bits.
pub fn tobit_bits(n: f64) -> u32 {
    (n + 6_755_399_441_055_744.0).to_bits() as u32
}

fn ret(st: &mut State, b: u32) -> R {
    st.push(Value::number(b as i32 as f64));
    Ok(1)
}

fn tobit(st: &mut State, base: usize, nargs: usize) -> R {
    let b = barg(st, base, nargs, 0, "tobit")?;
    ret(st, b)
}

fn bnot(st: &mut State, base: usize, nargs: usize) -> R {
    let b = barg(st, base, nargs, 0, "bnot")?;
    ret(st, !b)
}

fn fold(st: &mut State, base: usize, nargs: usize, fname: &str, f: fn(u32, u32) -> u32) -> R {
    let mut acc = barg(st, base, nargs, 0, fname)?;
    for i in 1..nargs {
        let b = barg(st, base, nargs, i, fname)?;
        acc = f(acc, b);
    }
    ret(st, acc)
}

fn band(st: &mut State, base: usize, nargs: usize) -> R {
    fold(st, base, nargs, "band", |a, b| a & b)
}
fn bor(st: &mut State, base: usize, nargs: usize) -> R {
    fold(st, base, nargs, "bor", |a, b| a | b)
}
fn bxor(st: &mut State, base: usize, nargs: usize) -> R {
    fold(st, base, nargs, "bxor", |a, b| a ^ b)
}

fn shift(st: &mut State, base: usize, nargs: usize, fname: &str, f: fn(u32, u32) -> u32) -> R {
    let a = barg(st, base, nargs, 0, fname)?;
    let n = barg(st, base, nargs, 1, fname)? & 31;
    ret(st, f(a, n))
}

fn lshift(st: &mut State, base: usize, nargs: usize) -> R {
    shift(st, base, nargs, "lshift", |a, n| a << n)
}
fn rshift(st: &mut State, base: usize, nargs: usize) -> R {
    shift(st, base, nargs, "rshift", |a, n| a >> n)
}
fn arshift(st: &mut State, base: usize, nargs: usize) -> R {
    shift(st, base, nargs, "arshift", |a, n| ((a as i32) >> n) as u32)
}
fn rol(st: &mut State, base: usize, nargs: usize) -> R {
    shift(st, base, nargs, "rol", |a, n| a.rotate_left(n))
}
fn ror(st: &mut State, base: usize, nargs: usize) -> R {
    shift(st, base, nargs, "ror", |a, n| a.rotate_right(n))
}

fn bswap(st: &mut State, base: usize, nargs: usize) -> R {
    let b = barg(st, base, nargs, 0, "bswap")?;
    ret(st, b.swap_bytes())
}

fn tohex(st: &mut State, base: usize, nargs: usize) -> R {
    let b = barg(st, base, nargs, 0, "tohex")?;
    let mut n = if st.arg(base, nargs, 1).is_nil() {
        8
    } else {
        barg(st, base, nargs, 1, "tohex")? as i32
    };
    let upper = n < 0;
    if upper {
        n = n.wrapping_neg();
    }
    let n = (n as u32).min(8) as usize;
    let s = if upper {
        format!("{b:08X}")
    } else {
        format!("{b:08x}")
    };
    let v = st.intern(&s.as_bytes()[8 - n..]);
    st.push(v);
    Ok(1)
}

/// Open the module: a table with the functions (the caller stores it in `bit` and
/// `package.loaded.bit`).
pub fn open(st: &mut State) -> Value {
    let fns: &[(&'static str, crate::object::NativeFn)] = &[
        ("tobit", tobit),
        ("bnot", bnot),
        ("band", band),
        ("bor", bor),
        ("bxor", bxor),
        ("lshift", lshift),
        ("rshift", rshift),
        ("arshift", arshift),
        ("rol", rol),
        ("ror", ror),
        ("bswap", bswap),
        ("tohex", tohex),
    ];
    let t = st.new_table(0, fns.len());
    for &(name, f) in fns {
        let fv = st.native(name, f);
        let k = st.intern_str(name);
        let _ = st.raw_set(t, k, fv);
    }
    Value::table(t)
}

#[cfg(test)]
mod tests {
    use super::tobit_bits;

    #[test]
    fn conversion_matches_luabitop() {
        assert_eq!(tobit_bits(1.5) as i32, 2);
        assert_eq!(tobit_bits(-1.5) as i32, -2);
        assert_eq!(tobit_bits(2f64.powi(32) + 5.0) as i32, 5);
        assert_eq!(tobit_bits(2f64.powi(53)) as i32, 0);
        assert_eq!(tobit_bits(-1.0), u32::MAX);
    }
}
