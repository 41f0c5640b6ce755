//! Arithmetic with Lua 5.1's exact semantics.

/// `a % b` as Lua 5.1 defines it: `a - floor(a/b)*b`, with a NaN result canonical (the
/// interpreter boxes it with `Value::number_arith`). Out of line: its eight uses in the
/// run loop, inlined with the floor, changed the loop's register allocation for the worse
/// (every benchmark 2-7 % more instructions).
#[inline(never)]
pub fn lua_mod(a: f64, b: f64) -> f64 {
    runtime::Value::canonical(a - runtime::number::floor(a / b) * b)
}

/// `a ^ b` (C's `pow`), with a NaN result canonical (libm's NaNs are not promised to be).
#[inline(never)]
pub fn lua_pow(a: f64, b: f64) -> f64 {
    runtime::Value::canonical(a.powf(b))
}
