//! C `printf` conversions as glibc prints them, for `string.format`.
//!
//! Lua 5.1 passes each `%` item to `sprintf` with its flags, width (at most two digits) and
//! precision (at most two digits). Integers are converted as C casts a double to `long` /
//! `unsigned long` on x86-64 (`c_long`, `c_ulong`), and the text `sprintf` produced is taken up
//! to its first `\0` (`strlen`), which `string.format` does in its caller.

/// A parsed conversion specification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub minus: bool,
    pub plus: bool,
    pub space: bool,
    pub hash: bool,
    pub zero: bool,
    pub width: usize,
    pub prec: Option<usize>,
}

/// Why a specification is invalid (Lua 5.1's messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecError {
    RepeatedFlags,
    TooLong,
}

impl SpecError {
    pub fn message(self) -> &'static str {
        match self {
            SpecError::RepeatedFlags => "invalid format (repeated flags)",
            SpecError::TooLong => "invalid format (width or precision too long)",
        }
    }
}

/// Parse the flags, width and precision at the start of `f` (just after the `%`), as Lua 5.1's
/// `scanformat` does. Returns the spec and the number of bytes used; the conversion character
/// follows them.
pub fn parse_spec(f: &[u8]) -> Result<(Spec, usize), SpecError> {
    let at = |i: usize| f.get(i).copied().unwrap_or(0);
    let mut spec = Spec::default();
    let mut i = 0;
    loop {
        match at(i) {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.hash = true,
            b'0' => spec.zero = true,
            _ => break,
        }
        i += 1;
    }
    // `sizeof(FLAGS)` counts the terminator: five flag characters are allowed.
    if i >= 6 {
        return Err(SpecError::RepeatedFlags);
    }
    let digits = |i: &mut usize| {
        let mut n = 0;
        for _ in 0..2 {
            if at(*i).is_ascii_digit() {
                n = n * 10 + (at(*i) - b'0') as usize;
                *i += 1;
            }
        }
        n
    };
    spec.width = digits(&mut i);
    if at(i) == b'.' {
        i += 1;
        spec.prec = Some(digits(&mut i));
    }
    if at(i).is_ascii_digit() {
        return Err(SpecError::TooLong);
    }
    Ok((spec, i))
}

const TWO63: f64 = 9_223_372_036_854_775_808.0;

pub use crate::number::c_long;

/// `(unsigned long)x` as gcc compiles it on x86-64 (values from 2^63 are converted after
/// subtracting 2^63; everything else goes through `c_long`).
pub fn c_ulong(x: f64) -> u64 {
    if x >= TWO63 {
        (c_long(x - TWO63) as u64) ^ (1 << 63)
    } else {
        c_long(x) as u64
    }
}

/// `(int)x` on x86-64: truncation, and `INT_MIN` for NaN and out-of-range values.
pub fn c_int(x: f64) -> i32 {
    if x > -2_147_483_649.0 && x < 2_147_483_648.0 {
        x as i32
    } else {
        i32::MIN
    }
}

/// Pad `body` (after a `prefix` such as a sign or `0x`) to the spec's width.
fn pad(out: &mut Vec<u8>, spec: &Spec, prefix: &[u8], body: &[u8], zero_ok: bool) {
    let len = prefix.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    if spec.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.extend(std::iter::repeat_n(b' ', fill));
    } else if spec.zero && zero_ok {
        out.extend_from_slice(prefix);
        out.extend(std::iter::repeat_n(b'0', fill));
        out.extend_from_slice(body);
    } else {
        out.extend(std::iter::repeat_n(b' ', fill));
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// Digits of an integer with the spec's precision (minimum number of digits).
fn int_digits(spec: &Spec, digits: String, is_zero: bool) -> Vec<u8> {
    let mut d = if is_zero && spec.prec == Some(0) {
        Vec::new()
    } else {
        digits.into_bytes()
    };
    if let Some(p) = spec.prec {
        if d.len() < p {
            let mut z = vec![b'0'; p - d.len()];
            z.extend_from_slice(&d);
            d = z;
        }
    }
    d
}

/// `%d` / `%i` of a `long`.
pub fn fmt_signed(out: &mut Vec<u8>, spec: &Spec, v: i64) {
    let body = int_digits(spec, v.unsigned_abs().to_string(), v == 0);
    let sign: &[u8] = if v < 0 {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    };
    pad(out, spec, sign, &body, spec.prec.is_none());
}

/// `%o`, `%u`, `%x`, `%X` of an `unsigned long`.
pub fn fmt_unsigned(out: &mut Vec<u8>, spec: &Spec, conv: u8, v: u64) {
    let digits = match conv {
        b'o' => format!("{v:o}"),
        b'x' => format!("{v:x}"),
        b'X' => format!("{v:X}"),
        _ => v.to_string(),
    };
    let mut body = int_digits(spec, digits, v == 0);
    let mut prefix: &[u8] = b"";
    if spec.hash {
        match conv {
            b'o' if body.first() != Some(&b'0') => body.insert(0, b'0'),
            b'x' if v != 0 => prefix = b"0x",
            b'X' if v != 0 => prefix = b"0X",
            _ => {}
        }
    }
    pad(out, spec, prefix, &body, spec.prec.is_none());
}

/// `%e` digits of a finite, non-negative `x`: `d.ddde+XX`.
fn exp_form(x: f64, prec: usize, hash: bool) -> String {
    let r = format!("{x:.prec$e}");
    let (mant, exp) = r.split_once('e').unwrap_or((&r, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut s = String::with_capacity(mant.len() + 6);
    s.push_str(mant);
    if hash && prec == 0 {
        s.push('.');
    }
    s.push('e');
    s.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        s.push('0');
    }
    s.push_str(&a.to_string());
    s
}

/// `%f` digits of a finite, non-negative `x`.
fn fixed_form(x: f64, prec: usize, hash: bool) -> String {
    let mut s = format!("{x:.prec$}");
    if hash && prec == 0 {
        s.push('.');
    }
    s
}

/// Remove trailing zeros of the fraction (and a bare point), before any exponent.
fn strip_fraction_zeros(s: String) -> String {
    let (num, exp) = match s.find('e') {
        Some(i) => s.split_at(i),
        None => (s.as_str(), ""),
    };
    if !num.contains('.') {
        return s;
    }
    let t = num.trim_end_matches('0');
    let t = t.strip_suffix('.').unwrap_or(t);
    format!("{t}{exp}")
}

/// `%g` digits of a finite, non-negative `x`.
fn general_form(x: f64, prec: Option<usize>, hash: bool) -> String {
    let p = match prec {
        None => 6,
        Some(0) => 1,
        Some(p) => p,
    };
    let exp = if x == 0.0 {
        0
    } else {
        let r = format!("{x:.*e}", p - 1);
        r.split_once('e')
            .and_then(|(_, e)| e.parse::<i64>().ok())
            .unwrap_or(0)
    };
    if hash && exp == p as i64 && x != 0.0 {
        // glibc picks `%f` style from the exponent before rounding; when rounding then carries
        // into a new digit it switches to `%e` but keeps `%f`'s zero minimum of fraction
        // digits, so `%#g` of 999999.5 prints `1.e+06`.
        let exact = format!("{x:.40e}");
        let pre: i64 = exact
            .split_once('e')
            .and_then(|(_, e)| e.parse().ok())
            .unwrap_or(0);
        if pre == p as i64 - 1 {
            return format!("1.e+{exp:02}");
        }
    }
    let s = if exp < -4 || exp >= p as i64 {
        exp_form(x, p - 1, hash)
    } else {
        fixed_form(x, (p as i64 - 1 - exp) as usize, hash)
    };
    if hash {
        s
    } else {
        strip_fraction_zeros(s)
    }
}

/// `%e`, `%E`, `%f`, `%g`, `%G` of a double.
pub fn fmt_float(out: &mut Vec<u8>, spec: &Spec, conv: u8, x: f64) {
    let sign: &[u8] = if x.is_sign_negative() {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    };
    let upper = conv.is_ascii_uppercase();
    if !x.is_finite() {
        let body = match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        pad(out, spec, sign, body.as_bytes(), false);
        return;
    }
    let a = x.abs();
    let prec = spec.prec.unwrap_or(6);
    let mut body = match conv.to_ascii_lowercase() {
        b'e' => exp_form(a, prec, spec.hash),
        b'f' => fixed_form(a, prec, spec.hash),
        _ => general_form(a, spec.prec, spec.hash),
    };
    if upper {
        body.make_ascii_uppercase();
    }
    pad(out, spec, sign, body.as_bytes(), true);
}

/// `%c`.
pub fn fmt_char(out: &mut Vec<u8>, spec: &Spec, c: u8) {
    pad(out, spec, b"", &[c], false);
}

/// `%s` of a C string (`s` must not contain `\0`).
pub fn fmt_str(out: &mut Vec<u8>, spec: &Spec, s: &[u8]) {
    let s = match spec.prec {
        Some(p) if p < s.len() => &s[..p],
        _ => s,
    };
    pad(out, spec, b"", s, false);
}

/// `%q`: a string in double quotes that Lua reads back.
pub fn fmt_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => out.extend_from_slice(b"\\000"),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(spec: &str, conv: u8, x: f64) -> String {
        let (sp, n) = parse_spec(spec.as_bytes()).unwrap();
        assert_eq!(n, spec.len());
        let mut out = Vec::new();
        match conv {
            b'd' => fmt_signed(&mut out, &sp, c_long(x)),
            b'o' | b'u' | b'x' | b'X' => fmt_unsigned(&mut out, &sp, conv, c_ulong(x)),
            b'c' => fmt_char(&mut out, &sp, c_int(x) as u8),
            _ => fmt_float(&mut out, &sp, conv, x),
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers() {
        assert_eq!(f("", b'd', 3.7), "3");
        assert_eq!(f("", b'd', -0.5), "0");
        assert_eq!(f("", b'd', 1e100), "-9223372036854775808");
        assert_eq!(f("", b'd', f64::NAN), "-9223372036854775808");
        assert_eq!(f("5.3", b'd', 7.0), "  007");
        assert_eq!(f(".0", b'd', 0.0), "");
        assert_eq!(f("05", b'd', 42.0), "00042");
        assert_eq!(f("-+8.3", b'd', 5.0), "+005    ");
        assert_eq!(f("08.3", b'd', 5.0), "     005");
        assert_eq!(f(" ", b'd', 5.0), " 5");
        assert_eq!(f("", b'x', -1.0), "ffffffffffffffff");
        assert_eq!(f("", b'x', 2f64.powi(64)), "0");
        assert_eq!(f("", b'x', 2f64.powi(63) + 2048.0), "8000000000000800");
        assert_eq!(f("", b'x', f64::INFINITY), "0");
        assert_eq!(f("", b'x', f64::NEG_INFINITY), "8000000000000000");
        assert_eq!(f("#", b'x', 255.0), "0xff");
        assert_eq!(f("#", b'X', 0.0), "0");
        assert_eq!(f("#", b'o', 8.0), "010");
        assert_eq!(f("#.0", b'o', 0.0), "0");
        assert_eq!(f("#5.", b'x', 1.0), "  0x1");
        assert_eq!(f("+05", b'x', 255.0), "000ff");
        assert_eq!(f("", b'u', -1.0), "18446744073709551615");
    }

    #[test]
    fn floats() {
        assert_eq!(f("", b'e', 1.5), "1.500000e+00");
        assert_eq!(f("", b'E', 1e300), "1.000000E+300");
        assert_eq!(f("", b'g', 1e-5), "1e-05");
        assert_eq!(f("", b'G', 1e20), "1E+20");
        assert_eq!(f("#", b'g', 1.0), "1.00000");
        assert_eq!(f(".0", b'e', 15.0), "2e+01");
        assert_eq!(f(".2", b'f', 0.125), "0.12");
        assert_eq!(f(".2", b'f', 0.375), "0.38");
        assert_eq!(f("#.0", b'f', 3.0), "3.");
        assert_eq!(f("#.0", b'e', 3.0), "3.e+00");
        assert_eq!(f("#", b'g', 0.0001), "0.000100000");
        assert_eq!(f("#.3", b'g', 1e10), "1.00e+10");
        assert_eq!(f("#10.1", b'G', 1e-10), "    1.E-10");
        assert_eq!(f(".0", b'g', 123.456), "1e+02");
        assert_eq!(f("#.0", b'g', 123.456), "1.e+02");
        assert_eq!(f("", b'g', 100000.0), "100000");
        assert_eq!(f("", b'g', 1e6), "1e+06");
        assert_eq!(f("", b'g', 0.0001), "0.0001");
        assert_eq!(f("", b'g', -0.0), "-0");
        assert_eq!(f("08.3", b'f', -3.25159), "-003.252");
        assert_eq!(f("+.2", b'e', 0.0), "+0.00e+00");
        assert_eq!(f("05", b'f', f64::INFINITY), "  inf");
        assert_eq!(f("-8", b'f', f64::NEG_INFINITY), "-inf    ");
        assert_eq!(f("", b'G', -f64::NAN), "-NAN");
        assert_eq!(f(".14", b'g', 0.1), "0.1");
        assert_eq!(f(".17", b'g', 0.1), "0.10000000000000001");
        assert_eq!(f("#", b'g', 999999.5), "1.e+06");
        assert_eq!(f("#.2", b'g', 99.5), "1.e+02");
        assert_eq!(f("#.3", b'G', 99.95), "100.");
        assert_eq!(f("#", b'g', 9.9999995), "10.0000");
    }

    #[test]
    fn specs() {
        assert_eq!(parse_spec(b"-----d").unwrap().1, 5);
        assert_eq!(parse_spec(b"------d"), Err(SpecError::RepeatedFlags));
        assert_eq!(parse_spec(b"100d"), Err(SpecError::TooLong));
        assert_eq!(parse_spec(b"1.100d"), Err(SpecError::TooLong));
        assert_eq!(parse_spec(b"99.99f").unwrap().1, 5);
        assert_eq!(f("5", b'c', 65.0), "    A");
        assert_eq!(f("05", b'c', 65.0), "    A");
        assert_eq!(c_int(2f64.powi(32) + 65.0), i32::MIN);
        let mut q = Vec::new();
        fmt_quoted(&mut q, b"a\nb\r\0\"\\\x01");
        assert_eq!(q, b"\"a\\\nb\\r\\000\\\"\\\\\x01\"");
    }
}
