//! Arithmetic with Lua 5.1's exact semantics.

/// `a % b` as Lua 5.1 defines it: `a - floor(a/b)*b`. Out of line: its eight uses in the
/// run loop, inlined with the floor, changed the loop's register allocation for the worse
/// (every benchmark 2-7 % more instructions).
#[inline(never)]
pub fn lua_mod(a: f64, b: f64) -> f64 {
    a - runtime::number::floor(a / b) * b
}

/// `a ^ b` (C's `pow`).
#[inline(always)]
pub fn lua_pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}
