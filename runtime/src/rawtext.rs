//! Arbitrary bytes carried inside Rust `String` messages without loss.
//!
//! Lua messages are byte strings: a syntax error quotes the offending token (`near '\255'`)
//! and a chunk name is whatever the program passed to `loadstring`, byte for byte. Our compile
//! errors are `String`s, so a byte that is not part of valid UTF-8 is carried as one character
//! of the last private-use plane, U+10FF00 + byte (`encode`), and turned back into that byte
//! where the message becomes a Lua string or reaches stderr (`decode`). Valid UTF-8 passes
//! through unchanged in both directions. (Text that really contains U+10FF80..U+10FFFF would
//! come back as single bytes; no Lua program has a reason to put those in a token or a chunk
//! name.)
use std::borrow::Cow;

const BASE: u32 = 0x10_FF00;

/// `bytes` as a `String`, with each byte outside valid UTF-8 as its private-use character.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            // A byte never exceeds 0xFF, so BASE + b stays below U+110000 and out of the
            // surrogate range: always a valid char.
            out.push(char::from_u32(BASE + u32::from(b)).unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// The bytes `encode` was given (borrowed when the text holds no carried byte).
pub fn decode(s: &str) -> Cow<'_, [u8]> {
    let carried = |c: char| (BASE + 0x80..=BASE + 0xFF).contains(&(c as u32));
    if !s.chars().any(carried) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if carried(c) {
            out.push((c as u32 - BASE) as u8);
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for b in [&b"plain"[..], b"a\xffb", b"\xc3\xa9t\xe9", b"\xf4\x8f", b""] {
            assert_eq!(&*decode(&encode(b)), b);
        }
        assert_eq!(encode("été".as_bytes()), "été");
        assert!(matches!(decode("near 'x'"), Cow::Borrowed(_)));
    }
}
