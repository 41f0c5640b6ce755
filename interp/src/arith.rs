//! Arithmetic with Lua 5.1's exact semantics.

/// `a % b` as Lua 5.1 defines it: `a - floor(a/b)*b`.
#[inline(always)]
pub fn lua_mod(a: f64, b: f64) -> f64 {
    a - (a / b).floor() * b
}

/// `a ^ b` (C's `pow`).
#[inline(always)]
pub fn lua_pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}
