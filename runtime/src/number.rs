//! Number <-> string conversions with Lua 5.1's exact behaviour.
//!
//! - `fmt_number` is C's `printf("%.14g")` as glibc prints it (`inf`, `-inf`, `nan`, `-nan`,
//!   `-0`, exponents with at least two digits).
//! - `str_to_number` is `luaO_str2d`: glibc `strtod` (decimal, hex floats, `inf`, `nan`, leading
//!   whitespace) with trailing whitespace allowed, falling back to `strtoul(s, 16)` for `0x..`.

const TWO63: f64 = 9_223_372_036_854_775_808.0;

/// `(long)x` as x86-64 computes it, which is how Lua 5.1 turns numbers into integer arguments
/// (`lua_tointeger`): truncation toward zero, and `LONG_MIN` for NaN and out-of-range values.
pub fn c_long(x: f64) -> i64 {
    if (-TWO63..TWO63).contains(&x) {
        x as i64
    } else {
        i64::MIN
    }
}

/// `floor(x)` without a call into libm: on the baseline x86-64 target (no SSE4.1 `roundsd`)
/// `f64::floor` is a function call of about 20 instructions, and `%` runs it every time.
/// Below 2^52 in magnitude the truncation through `i64` is exact; an integer (including
/// `-0.0`) is returned as it is, so the sign of zero is C's. NaN, infinities and larger
/// numbers (all integers already) take `f64::floor`.
#[inline(always)]
pub fn floor(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        let t = x as i64 as f64;
        if t == x {
            x
        } else if t > x {
            t - 1.0
        } else {
            t
        }
    } else {
        x.floor()
    }
}

/// Format a number as `%.14g`.
pub fn fmt_number(n: f64) -> String {
    let mut s = String::new();
    write_number(&mut s, n);
    s
}

/// Append `%.14g` of `n` to `out`.
pub fn write_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    if n.is_nan() {
        out.push_str(if n.is_sign_negative() { "-nan" } else { "nan" });
        return;
    }
    if n.is_infinite() {
        out.push_str(if n < 0.0 { "-inf" } else { "inf" });
        return;
    }
    if n == n.trunc() && n.abs() < 1e14 {
        if n == 0.0 && n.is_sign_negative() {
            out.push_str("-0");
        } else {
            let _ = write!(out, "{}", n as i64);
        }
        return;
    }
    fmt_g(out, n, 14);
}

/// `%.{prec}g` for a finite, nonzero-or-zero double.
pub fn fmt_g(out: &mut String, n: f64, prec: usize) {
    let p = prec.max(1);
    if n == 0.0 {
        out.push_str(if n.is_sign_negative() { "-0" } else { "0" });
        return;
    }
    let e_repr = format!("{:.*e}", p - 1, n);
    let epos = e_repr.rfind('e').unwrap_or(e_repr.len());
    let exp: i32 = e_repr[epos + 1..].parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let mant = strip_zeros(&e_repr[..epos]);
        out.push_str(mant);
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let f = format!("{:.*}", decimals, n);
        out.push_str(strip_zeros(&f));
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        let t = s.trim_end_matches('0');
        t.strip_suffix('.').unwrap_or(t)
    } else {
        s
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Parse a prefix of `s` like glibc's `strtod`; returns the value and bytes consumed (0 when
/// nothing could be parsed).
pub fn strtod(s: &[u8]) -> (f64, usize) {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let start = i;
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let sign = |v: f64| if neg { -v } else { v };
    let rest = &s[i..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if lower.starts_with(b"inf") {
        let n = if lower.starts_with(b"infinity") { 8 } else { 3 };
        return (sign(f64::INFINITY), i + n);
    }
    if lower.starts_with(b"nan") {
        let mut j = i + 3;
        if j < s.len() && s[j] == b'(' {
            let mut k = j + 1;
            while k < s.len() && (s[k].is_ascii_alphanumeric() || s[k] == b'_') {
                k += 1;
            }
            if k < s.len() && s[k] == b')' {
                j = k + 1;
            }
        }
        // glibc's strtod("nan") gives a positive quiet NaN.
        return (sign(f64::NAN), j);
    }
    if rest.len() >= 2 && rest[0] == b'0' && (rest[1] | 0x20) == b'x' {
        if let Some((v, n)) = parse_hex_float(&rest[2..]) {
            return (sign(v), i + 2 + n);
        }
        // "0x" without digits: strtod parses the "0".
        return (sign(0.0), i + 1);
    }
    // Decimal: digits [. digits] [e [sign] digits]
    let mut j = i;
    let mut digits = 0;
    while j < s.len() && s[j].is_ascii_digit() {
        j += 1;
        digits += 1;
    }
    if j < s.len() && s[j] == b'.' {
        j += 1;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return (0.0, 0);
    }
    let mant_end = j;
    if j < s.len() && (s[j] | 0x20) == b'e' {
        let mut k = j + 1;
        if k < s.len() && (s[k] == b'+' || s[k] == b'-') {
            k += 1;
        }
        let ds = k;
        while k < s.len() && s[k].is_ascii_digit() {
            k += 1;
        }
        if k > ds {
            j = k;
        }
    }
    let _ = mant_end;
    let text = std::str::from_utf8(&s[start..j]).unwrap_or("0");
    let text = text.strip_prefix('+').unwrap_or(text);
    let v: f64 = text.parse().unwrap_or_else(|_| {
        // Rust rejects forms like "5." or ".5e"; normalise them.
        let t = text.replace(".e", "e").replace(".E", "E");
        let t = t.strip_suffix('.').unwrap_or(&t).to_string();
        t.parse().unwrap_or(0.0)
    });
    (v, j)
}

/// Hex float body after "0x": hexdigits [. hexdigits] [p [sign] digits].
fn parse_hex_float(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let mut mant: f64 = 0.0;
    let mut any = false;
    let mut exp: i64 = 0;
    while i < s.len() && s[i].is_ascii_hexdigit() {
        mant = mant * 16.0 + (s[i] as char).to_digit(16)? as f64;
        any = true;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        let mut j = i + 1;
        while j < s.len() && s[j].is_ascii_hexdigit() {
            mant = mant * 16.0 + (s[j] as char).to_digit(16)? as f64;
            exp -= 4;
            any = true;
            j += 1;
        }
        if any {
            i = j;
        }
    }
    if !any {
        return None;
    }
    if i < s.len() && (s[i] | 0x20) == b'p' {
        let mut k = i + 1;
        let mut eneg = false;
        if k < s.len() && (s[k] == b'+' || s[k] == b'-') {
            eneg = s[k] == b'-';
            k += 1;
        }
        let ds = k;
        let mut e: i64 = 0;
        while k < s.len() && s[k].is_ascii_digit() {
            e = (e * 10 + (s[k] - b'0') as i64).min(100_000);
            k += 1;
        }
        if k > ds {
            exp += if eneg { -e } else { e };
            i = k;
        }
    }
    Some((mant * 2f64.powi(exp.clamp(-2000, 2000) as i32), i))
}

/// `strtoul(s, 16)` as far as Lua 5.1 uses it: optional whitespace and sign, optional "0x",
/// hex digits. Returns value and bytes consumed.
fn strtoul_hex(s: &[u8]) -> (f64, usize) {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    if i + 1 < s.len()
        && s[i] == b'0'
        && (s[i + 1] | 0x20) == b'x'
        && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
    {
        i += 2;
    }
    let ds = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() && s[i].is_ascii_hexdigit() {
        let d = (s[i] as char).to_digit(16).unwrap_or(0) as u64;
        match v.checked_mul(16).and_then(|x| x.checked_add(d)) {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == ds {
        return (0.0, 0);
    }
    if overflow {
        v = u64::MAX;
    }
    let v = if neg { v.wrapping_neg() } else { v };
    (v as f64, i)
}

/// Lua 5.1 `luaO_str2d`: the whole string must be a number, surrounding whitespace allowed.
pub fn str_to_number(s: &[u8]) -> Option<f64> {
    // Lua 5.1 converts the C string, which ends at the first NUL.
    let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    let (mut v, mut end) = strtod(s);
    if end == 0 {
        return None;
    }
    if end < s.len() && (s[end] | 0x20) == b'x' {
        let (hv, he) = strtoul_hex(s);
        v = hv;
        end = he;
    }
    while end < s.len() && is_space(s[end]) {
        end += 1;
    }
    if end != s.len() {
        return None;
    }
    Some(v)
}

/// `tonumber(s, base)` for bases 2..=36 (Lua 5.1 uses `strtoul`): whitespace, optional `-`,
/// digits of the base, whitespace.
pub fn str_to_number_base(s: &[u8], base: u32) -> Option<f64> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
        neg = s[i] == b'-';
        i += 1;
    }
    if base == 16 && i + 1 < s.len() && s[i] == b'0' && (s[i + 1] | 0x20) == b'x' {
        i += 2;
    }
    let ds = i;
    let mut v: u64 = 0;
    let mut overflow = false;
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(36) else {
            break;
        };
        if d >= base {
            break;
        }
        match v
            .checked_mul(base as u64)
            .and_then(|x| x.checked_add(d as u64))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        i += 1;
    }
    if i == ds {
        return None;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    if overflow {
        v = u64::MAX;
    }
    // strtoul returns unsigned long; Lua casts it to lua_Number.
    let v = if neg { v.wrapping_neg() } else { v };
    Some(v as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_matches_libm_bit_for_bit() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1.5,
            -1.5,
            2.0,
            -2.5,
            1e-300,
            -1e-300,
            0.999999999,
            -0.999999999,
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370496.0,
            -4503599627370497.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            123456.789,
            -123456.789,
        ];
        let mut v: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            v ^= v << 13;
            v ^= v >> 7;
            v ^= v << 17;
            xs.push(f64::from_bits(v));
            xs.push((v % 2_000_001) as f64 / 1000.0 - 1000.0);
        }
        for x in xs {
            assert_eq!(floor(x).to_bits(), x.floor().to_bits(), "floor({x:e})");
        }
    }

    #[test]
    fn formats_like_printf_14g() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-3.0, "-3"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.33333333333333"),
            (100.0, "100"),
            (1e15, "1e+15"),
            (1e16, "1e+16"),
            (123456789012345.0, "1.2345678901234e+14"),
            (12345678901234.0, "12345678901234"),
            (2f64.powi(53), "9.007199254741e+15"),
            (2f64.powi(63), "9.2233720368548e+18"),
            (1e100, "1e+100"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e-7, "1.5e-07"),
            (1.234567890123456, "1.2345678901235"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "-nan"),
            (1e308 * 10.0, "inf"),
            (5e-324, "4.9406564584125e-324"),
            (-1.5, "-1.5"),
            (99999999999999.9, "1e+14"),
            (123456789012345.5, "1.2345678901235e+14"),
            (999999999999999.9, "1e+15"),
        ];
        for &(n, want) in cases {
            assert_eq!(fmt_number(n), want, "formatting {n:e}");
        }
    }

    #[test]
    fn parses_like_str2d() {
        let ok: &[(&str, f64)] = &[
            ("10", 10.0),
            ("  10  ", 10.0),
            ("0x10", 16.0),
            ("0X1f", 31.0),
            ("-0x10", -16.0),
            ("1e1", 10.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("3e-2", 0.03),
            ("\t\n12\n", 12.0),
            ("inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("0x1p4", 16.0),
            ("+7", 7.0),
        ];
        for &(s, want) in ok {
            assert_eq!(str_to_number(s.as_bytes()), Some(want), "parsing {s:?}");
        }
        for s in [
            "", " ", "1e", "abc", "1 2", "0x", "--1", ".", "e5", "1.2.3", "0xg",
        ] {
            assert_eq!(str_to_number(s.as_bytes()), None, "parsing {s:?}");
        }
        assert!(str_to_number(b"nan").unwrap().is_nan());
    }

    #[test]
    fn parses_with_base() {
        assert_eq!(str_to_number_base(b"ff", 16), Some(255.0));
        assert_eq!(str_to_number_base(b"  101  ", 2), Some(5.0));
        assert_eq!(str_to_number_base(b"zz", 36), Some(1295.0));
        assert_eq!(str_to_number_base(b"2", 2), None);
        assert_eq!(str_to_number_base(b"", 10), None);
        // strtoul negates in unsigned arithmetic, as lua5.1 shows: 1.844674407371e+19
        assert_eq!(str_to_number_base(b"-10", 16), Some(18446744073709551600.0));
    }
}
