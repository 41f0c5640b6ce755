//! The Lua 5.1 lexer: turns source bytes into tokens.
//!
//! The behaviour follows the reference implementation closely, including its quirks:
//! numerals are scanned greedily (`3..2` is one malformed numeral), a newline is any of
//! `\n`, `\r`, `\r\n` or `\n\r`, nested `[[` inside a level-0 long string is an error,
//! and the text shown in error messages is the text the reference lexer has gathered
//! (escape sequences already processed for strings).

use std::fmt;

/// The kind of a token, with its semantic value.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// A numeral, with its source text (shown in error messages).
    Number(f64, String),
    Name(String),
    /// A string literal: its value and how it was delimited.
    Str(Vec<u8>, StrDelim),
    /// Any other single byte: `+ - * / % ^ # < > = ( ) { } [ ] ; : , .` and also
    /// stray bytes such as `~`, `$` or control characters (the parser rejects those).
    Char(u8),
    Eof,
}

/// How a string literal was written; used to reproduce its text in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrDelim {
    /// `"..."` or `'...'`.
    Quote(u8),
    /// `[==[...]==]` with the given number of `=`.
    Long(usize),
}

/// A token and the line the lexer was on after reading it (for a multi-line long
/// string, its last line), which is what Lua 5.1 uses as the token's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
}

/// A lexical error: the line and the message, without the chunk name prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    pub line: u32,
    pub msg: String,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.msg)
    }
}

const KEYWORDS: [(&str, Tok); 21] = [
    ("and", Tok::And),
    ("break", Tok::Break),
    ("do", Tok::Do),
    ("else", Tok::Else),
    ("elseif", Tok::Elseif),
    ("end", Tok::End),
    ("false", Tok::False),
    ("for", Tok::For),
    ("function", Tok::Function),
    ("if", Tok::If),
    ("in", Tok::In),
    ("local", Tok::Local),
    ("nil", Tok::Nil),
    ("not", Tok::Not),
    ("or", Tok::Or),
    ("repeat", Tok::Repeat),
    ("return", Tok::Return),
    ("then", Tok::Then),
    ("true", Tok::True),
    ("until", Tok::Until),
    ("while", Tok::While),
];

impl Tok {
    /// The text Lua 5.1 uses for this token in error messages (`near '...'`), as bytes.
    /// Names and numerals show their source text, strings their (escape-processed)
    /// contents with delimiters, and everything else its symbol or keyword.
    pub fn near_text(&self) -> Vec<u8> {
        match self {
            Tok::Name(n) => n.as_bytes().to_vec(),
            Tok::Number(_, text) => text.as_bytes().to_vec(),
            Tok::Str(s, StrDelim::Quote(q)) => {
                let mut v = Vec::with_capacity(s.len() + 2);
                v.push(*q);
                v.extend_from_slice(s);
                v.push(*q);
                v
            }
            Tok::Str(s, StrDelim::Long(level)) => {
                let mut v = Vec::with_capacity(s.len() + 4 + 2 * level);
                v.push(b'[');
                v.extend(std::iter::repeat_n(b'=', *level));
                v.push(b'[');
                v.extend_from_slice(s);
                v.push(b']');
                v.extend(std::iter::repeat_n(b'=', *level));
                v.push(b']');
                v
            }
            other => other.describe().into_bytes(),
        }
    }

    /// The name Lua 5.1 uses for this kind of token in "'x' expected" messages:
    /// `<name>`, `<number>`, `<string>`, `<eof>`, or the keyword/symbol itself.
    pub fn describe(&self) -> String {
        match self {
            Tok::Concat => "..".into(),
            Tok::Dots => "...".into(),
            Tok::Eq => "==".into(),
            Tok::Ge => ">=".into(),
            Tok::Le => "<=".into(),
            Tok::Ne => "~=".into(),
            Tok::Number(..) => "<number>".into(),
            Tok::Name(_) => "<name>".into(),
            Tok::Str(..) => "<string>".into(),
            Tok::Eof => "<eof>".into(),
            Tok::Char(c) => char_token_text(*c),
            kw => KEYWORDS
                .iter()
                .find(|(_, k)| k == kw)
                .map(|(s, _)| (*s).to_string())
                .unwrap_or_default(),
        }
    }
}

/// How Lua 5.1 prints a single-byte token: control characters as `char(N)`, anything
/// else as the byte itself (carried through the `String` message by `rawtext`).
fn char_token_text(c: u8) -> String {
    if c < 32 || c == 127 {
        format!("char({c})")
    } else {
        runtime::rawtext::encode(&[c])
    }
}

/// Formats `msg near 'text'` the way `luaO_pushfstring("%s near '%s'")` does: the token
/// text is cut at its first NUL byte.
pub(crate) fn near(msg: &str, text: &[u8]) -> String {
    let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
    format!("{msg} near '{}'", runtime::rawtext::encode(&text[..end]))
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_alnum_(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// What a lexical error shows after "near".
enum Near {
    /// `<eof>`
    Eof,
    /// The text gathered so far for the token being read.
    Buffer,
    /// A single-byte token.
    Char(u8),
}

/// The lexer. It reads one token at a time with [`Lexer::next_token`].
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    /// Text of the token being read, as the reference lexer's buffer holds it.
    buf: Vec<u8>,
}

impl<'a> Lexer<'a> {
    /// A lexer over `src`, starting at byte `start` on line 1.
    pub fn new(src: &'a [u8], start: usize) -> Self {
        Lexer {
            src,
            pos: start,
            line: 1,
            buf: Vec::new(),
        }
    }

    /// The line the lexer is currently on.
    pub fn line(&self) -> u32 {
        self.line
    }

    fn cur(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn cur_is(&self, c: u8) -> bool {
        self.cur() == Some(c)
    }

    fn cur_is_newline(&self) -> bool {
        matches!(self.cur(), Some(b'\n' | b'\r'))
    }

    fn advance(&mut self) {
        self.pos += 1;
    }

    /// Appends the current byte to the buffer and advances.
    fn save_and_next(&mut self) {
        if let Some(c) = self.cur() {
            self.buf.push(c);
        }
        self.pos += 1;
    }

    fn error(&self, msg: &str, near_what: Near) -> LexError {
        let msg = match near_what {
            Near::Eof => near(msg, b"<eof>"),
            Near::Buffer => near(msg, &self.buf),
            Near::Char(c) => near(msg, char_token_text(c).as_bytes()),
        };
        LexError {
            line: self.line,
            msg,
        }
    }

    /// Skips one newline (`\n`, `\r`, `\r\n` or `\n\r`) and counts it.
    fn inc_line(&mut self) {
        let old = self.cur();
        self.advance();
        if self.cur_is_newline() && self.cur() != old {
            self.advance();
        }
        self.line += 1;
    }

    /// Reads the next token.
    pub fn next_token(&mut self) -> Result<Token, LexError> {
        let tok = self.lex()?;
        Ok(Token {
            tok,
            line: self.line,
        })
    }

    fn lex(&mut self) -> Result<Tok, LexError> {
        self.buf.clear();
        loop {
            let Some(c) = self.cur() else {
                return Ok(Tok::Eof);
            };
            match c {
                b'\n' | b'\r' => self.inc_line(),
                b'-' => {
                    self.advance();
                    if !self.cur_is(b'-') {
                        return Ok(Tok::Char(b'-'));
                    }
                    self.advance();
                    if self.cur_is(b'[') {
                        let sep = self.skip_sep();
                        self.buf.clear();
                        if sep >= 0 {
                            self.read_long_string(false, sep as usize)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    while self.cur().is_some() && !self.cur_is_newline() {
                        self.advance();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 0 {
                        let s = self.read_long_string(true, sep as usize)?;
                        return Ok(Tok::Str(s, StrDelim::Long(sep as usize)));
                    } else if sep == -1 {
                        return Ok(Tok::Char(b'['));
                    } else {
                        return Err(self.error("invalid long string delimiter", Near::Buffer));
                    }
                }
                b'=' | b'<' | b'>' | b'~' => {
                    self.advance();
                    if !self.cur_is(b'=') {
                        return Ok(Tok::Char(c));
                    }
                    self.advance();
                    return Ok(match c {
                        b'=' => Tok::Eq,
                        b'<' => Tok::Le,
                        b'>' => Tok::Ge,
                        _ => Tok::Ne,
                    });
                }
                b'"' | b'\'' => {
                    let s = self.read_string(c)?;
                    return Ok(Tok::Str(s, StrDelim::Quote(c)));
                }
                b'.' => {
                    // Lua 5.1 tests for the 2nd and 3rd dot with `strchr`, which also
                    // matches a NUL byte.
                    self.save_and_next();
                    if self.cur_is(b'.') || self.cur_is(0) {
                        self.save_and_next();
                        if self.cur_is(b'.') || self.cur_is(0) {
                            self.save_and_next();
                            return Ok(Tok::Dots);
                        }
                        return Ok(Tok::Concat);
                    }
                    if !self.cur().is_some_and(|c| c.is_ascii_digit()) {
                        return Ok(Tok::Char(b'.'));
                    }
                    return self.read_numeral();
                }
                _ if is_space(c) => self.advance(),
                _ if c.is_ascii_digit() => return self.read_numeral(),
                _ if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = self.pos;
                    while self.cur().is_some_and(is_alnum_) {
                        self.advance();
                    }
                    let word = &self.src[start..self.pos];
                    // Names are ASCII, so this conversion cannot fail.
                    let word = String::from_utf8_lossy(word).into_owned();
                    if let Some((_, kw)) = KEYWORDS.iter().find(|(k, _)| *k == word) {
                        return Ok(kw.clone());
                    }
                    return Ok(Tok::Name(word));
                }
                _ => {
                    self.advance();
                    return Ok(Tok::Char(c));
                }
            }
        }
    }

    /// At a `[` or `]`: consumes it and any following `=` (saving them), and returns
    /// the number of `=` if the same bracket follows, or `-(count) - 1` if not.
    fn skip_sep(&mut self) -> isize {
        let s = self.cur();
        self.save_and_next();
        let mut count = 0isize;
        while self.cur_is(b'=') {
            self.save_and_next();
            count += 1;
        }
        if self.cur() == s {
            count
        } else {
            -count - 1
        }
    }

    /// Reads a long string or comment; the opening `[`+`=`* has been read and the
    /// current byte is the second `[`. Returns the contents (empty for a comment).
    fn read_long_string(&mut self, is_string: bool, sep: usize) -> Result<Vec<u8>, LexError> {
        self.save_and_next();
        if self.cur_is_newline() {
            self.inc_line();
        }
        loop {
            match self.cur() {
                None => {
                    let msg = if is_string {
                        "unfinished long string"
                    } else {
                        "unfinished long comment"
                    };
                    return Err(self.error(msg, Near::Eof));
                }
                Some(b'[') => {
                    if self.skip_sep() == sep as isize {
                        self.save_and_next();
                        if sep == 0 {
                            return Err(
                                self.error("nesting of [[...]] is deprecated", Near::Char(b'['))
                            );
                        }
                    }
                }
                Some(b']') => {
                    if self.skip_sep() == sep as isize {
                        self.save_and_next();
                        break;
                    }
                }
                Some(b'\n' | b'\r') => {
                    self.buf.push(b'\n');
                    self.inc_line();
                    if !is_string {
                        self.buf.clear();
                    }
                }
                Some(_) => {
                    if is_string {
                        self.save_and_next();
                    } else {
                        self.advance();
                    }
                }
            }
        }
        if !is_string {
            return Ok(Vec::new());
        }
        let n = self.buf.len();
        Ok(self.buf[2 + sep..n - 2 - sep].to_vec())
    }

    /// Reads a quoted string; the current byte is the opening quote `del`.
    fn read_string(&mut self, del: u8) -> Result<Vec<u8>, LexError> {
        self.save_and_next();
        loop {
            let Some(c) = self.cur() else {
                return Err(self.error("unfinished string", Near::Eof));
            };
            if c == del {
                break;
            }
            match c {
                b'\n' | b'\r' => return Err(self.error("unfinished string", Near::Buffer)),
                b'\\' => {
                    self.advance();
                    let Some(e) = self.cur() else {
                        // The next iteration reports the unfinished string.
                        continue;
                    };
                    let translated = match e {
                        b'a' => 7,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'v' => 11,
                        b'\n' | b'\r' => {
                            self.buf.push(b'\n');
                            self.inc_line();
                            continue;
                        }
                        b'0'..=b'9' => {
                            let mut value: u32 = 0;
                            let mut i = 0;
                            while i < 3 && self.cur().is_some_and(|d| d.is_ascii_digit()) {
                                value = value * 10 + u32::from(self.cur().unwrap_or(b'0') - b'0');
                                self.advance();
                                i += 1;
                            }
                            if value > 255 {
                                return Err(self.error("escape sequence too large", Near::Buffer));
                            }
                            self.buf.push(value as u8);
                            continue;
                        }
                        other => other,
                    };
                    self.buf.push(translated);
                    self.advance();
                }
                _ => self.save_and_next(),
            }
        }
        self.save_and_next();
        let n = self.buf.len();
        Ok(self.buf[1..n - 1].to_vec())
    }

    /// Reads a numeral the way Lua 5.1 does: digits and dots, an optional exponent
    /// mark with sign, then any alphanumerics; the whole text must then be a valid
    /// number for C's `strtod` (which also accepts hexadecimal, as glibc does).
    fn read_numeral(&mut self) -> Result<Tok, LexError> {
        while self.cur().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
            self.save_and_next();
        }
        // Lua 5.1 tests these with `strchr`, which also matches a NUL byte.
        if self.cur().is_some_and(|c| c == b'e' || c == b'E' || c == 0) {
            self.save_and_next();
            if self.cur().is_some_and(|c| c == b'+' || c == b'-' || c == 0) {
                self.save_and_next();
            }
        }
        while self.cur().is_some_and(is_alnum_) {
            self.save_and_next();
        }
        // The conversion sees a C string: it ends at the first NUL.
        let end = self
            .buf
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.buf.len());
        match str_to_number(&self.buf[..end]) {
            Some(v) => Ok(Tok::Number(v, runtime::rawtext::encode(&self.buf))),
            None => Err(self.error("malformed number", Near::Buffer)),
        }
    }
}

/// Converts a whole numeral the way Lua 5.1's `luaO_str2d` does with glibc's `strtod`:
/// decimal with optional fraction and exponent, or hexadecimal `0x` with an optional
/// binary exponent `p`. Leading/trailing whitespace is accepted, as in `luaO_str2d`.
/// Returns `None` unless the whole text is consumed.
pub fn str_to_number(text: &[u8]) -> Option<f64> {
    let trimmed = trim_space(text);
    let (neg, body) = match trimmed.first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let v = if body.len() > 2 && body[0] == b'0' && (body[1] == b'x' || body[1] == b'X') {
        parse_hex(&body[2..])?
    } else {
        parse_decimal(body)?
    };
    Some(if neg { -v } else { v })
}

fn trim_space(mut s: &[u8]) -> &[u8] {
    while let Some((&c, rest)) = s.split_first() {
        if !is_space(c) {
            break;
        }
        s = rest;
    }
    while let Some((&c, rest)) = s.split_last() {
        if !is_space(c) {
            break;
        }
        s = rest;
    }
    s
}

fn parse_decimal(s: &[u8]) -> Option<f64> {
    // Validate: digits [. digits] [(e|E) [+-] digits], at least one mantissa digit.
    let mut i = 0;
    let mut mant_digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        mant_digits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            mant_digits += 1;
        }
    }
    if mant_digits == 0 {
        // strtod also accepts "inf"/"nan"; luaO_str2d is used by tonumber too.
        return parse_special(s);
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    if i != s.len() {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse::<f64>().ok()
}

/// `inf`, `infinity`, `nan` and `nan(...)`, case-insensitively, as glibc's `strtod`.
fn parse_special(s: &[u8]) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    match lower.as_slice() {
        b"inf" | b"infinity" => Some(f64::INFINITY),
        b"nan" => Some(f64::NAN),
        _ if lower.starts_with(b"nan(")
            && lower.ends_with(b")")
            && lower[4..lower.len() - 1].iter().all(|&c| is_alnum_(c)) =>
        {
            Some(f64::NAN)
        }
        _ => None,
    }
}

/// The part after `0x`: hex digits with an optional `.` fraction and `p` exponent.
fn parse_hex(s: &[u8]) -> Option<f64> {
    let mut mant: u64 = 0;
    let mut exp: i64 = 0;
    let mut sticky = false;
    let mut digits = 0;
    let mut i = 0;
    let mut seen_dot = false;
    while i < s.len() {
        let c = s[i];
        if c == b'.' && !seen_dot {
            seen_dot = true;
            i += 1;
            continue;
        }
        let Some(d) = (c as char).to_digit(16) else {
            break;
        };
        digits += 1;
        if mant >> 60 == 0 {
            mant = mant * 16 + u64::from(d);
            if seen_dot {
                exp -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_dot {
                exp += 4;
            }
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'p' || s[i] == b'P') {
        let mut j = i + 1;
        let mut neg = false;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            neg = s[j] == b'-';
            j += 1;
        }
        let start = j;
        let mut e: i64 = 0;
        while j < s.len() && s[j].is_ascii_digit() {
            e = (e * 10 + i64::from(s[j] - b'0')).min(1 << 20);
            j += 1;
        }
        if j > start {
            exp += if neg { -e } else { e };
            i = j;
        }
    }
    if i != s.len() {
        return None;
    }
    if sticky {
        mant |= 1;
    }
    Some(scale_by_pow2(mant as f64, exp))
}

fn scale_by_pow2(mut v: f64, mut exp: i64) -> f64 {
    while exp > 0 {
        let step = exp.min(1000);
        v *= 2f64.powi(step as i32);
        exp -= step;
    }
    while exp < 0 {
        let step = (-exp).min(1000);
        v /= 2f64.powi(step as i32);
        exp += step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_all(src: &str) -> Result<Vec<Token>, LexError> {
        let mut lx = Lexer::new(src.as_bytes(), 0);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token()?;
            if t.tok == Tok::Eof {
                return Ok(out);
            }
            out.push(t);
        }
    }

    fn toks(src: &str) -> Vec<Tok> {
        lex_all(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err(src: &str) -> String {
        let e = lex_all(src).unwrap_err();
        format!("{}: {}", e.line, e.msg)
    }

    fn num(src: &str) -> f64 {
        match toks(src).as_slice() {
            [Tok::Number(v, _)] => *v,
            other => panic!("not a single number: {other:?}"),
        }
    }

    fn string(src: &str) -> Vec<u8> {
        match toks(src).as_slice() {
            [Tok::Str(v, _)] => v.clone(),
            other => panic!("not a single string: {other:?}"),
        }
    }

    #[test]
    fn keywords_and_symbols() {
        let t = toks("and break do else elseif end false for function if in local nil not or repeat return then true until while");
        assert_eq!(t.len(), 21);
        assert_eq!(t[0], Tok::And);
        assert_eq!(t[20], Tok::While);
        assert_eq!(
            toks("... .. . == = ~= ~ <= < >= > + - * / % ^ # ( ) { } [ ] ; : ,"),
            vec![
                Tok::Dots,
                Tok::Concat,
                Tok::Char(b'.'),
                Tok::Eq,
                Tok::Char(b'='),
                Tok::Ne,
                Tok::Char(b'~'),
                Tok::Le,
                Tok::Char(b'<'),
                Tok::Ge,
                Tok::Char(b'>'),
                Tok::Char(b'+'),
                Tok::Char(b'-'),
                Tok::Char(b'*'),
                Tok::Char(b'/'),
                Tok::Char(b'%'),
                Tok::Char(b'^'),
                Tok::Char(b'#'),
                Tok::Char(b'('),
                Tok::Char(b')'),
                Tok::Char(b'{'),
                Tok::Char(b'}'),
                Tok::Char(b'['),
                Tok::Char(b']'),
                Tok::Char(b';'),
                Tok::Char(b':'),
                Tok::Char(b','),
            ]
        );
        assert_eq!(
            toks("a....b"),
            vec![
                Tok::Name("a".into()),
                Tok::Dots,
                Tok::Char(b'.'),
                Tok::Name("b".into())
            ]
        );
    }

    #[test]
    fn names() {
        assert_eq!(
            toks("_x1 And nil_ endx"),
            vec![
                Tok::Name("_x1".into()),
                Tok::Name("And".into()),
                Tok::Name("nil_".into()),
                Tok::Name("endx".into())
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(num("0x10"), 16.0);
        assert_eq!(num("0XfF"), 255.0);
        assert_eq!(num("0xA"), 10.0);
        assert_eq!(num("1e10"), 1e10);
        assert_eq!(num(".5"), 0.5);
        assert_eq!(num("5."), 5.0);
        assert_eq!(num("3e-2"), 0.03);
        assert_eq!(num("3E+2"), 300.0);
        assert_eq!(num("1.e2"), 100.0);
        assert_eq!(num("0x1p4"), 16.0);
        assert_eq!(num("0x1e"), 30.0);
        assert_eq!(num("0xffffffffffffffffff"), 4722366482869645213696.0);
        assert_eq!(num("0x10000000000000001"), 18446744073709551616.0);
        assert_eq!(num("123456789012345678901234567890"), 1.2345678901234568e29);
        assert_eq!(num("0.1"), 0.1);
        assert_eq!(toks("0x1e+5")[1], Tok::Char(b'+'));
    }

    #[test]
    fn number_text_kept() {
        assert_eq!(toks("0x1F"), vec![Tok::Number(31.0, "0x1F".into())]);
    }

    #[test]
    fn malformed_numbers() {
        assert_eq!(err("3..2"), "1: malformed number near '3..2'");
        assert_eq!(err("3x"), "1: malformed number near '3x'");
        assert_eq!(err("0x"), "1: malformed number near '0x'");
        assert_eq!(err("0x1p-4"), "1: malformed number near '0x1p'");
        assert_eq!(err("1e"), "1: malformed number near '1e'");
        assert_eq!(err("1.5.2"), "1: malformed number near '1.5.2'");
        assert_eq!(err("\n\n12_3"), "3: malformed number near '12_3'");
        assert_eq!(err("0xg"), "1: malformed number near '0xg'");
    }

    #[test]
    fn short_strings() {
        assert_eq!(string(r#""abc""#), b"abc");
        assert_eq!(string("'a\"b'"), b"a\"b");
        assert_eq!(
            string(r#""\a\b\f\n\r\t\v\\\"\'""#),
            b"\x07\x08\x0c\n\r\t\x0b\\\"'"
        );
        assert_eq!(string(r#""\65\066\0677\0""#), b"AB\x437\0");
        assert_eq!(string(r#""\255\2555""#), b"\xff\xff5");
        assert_eq!(string(r#""\q\?\[""#), b"q?[");
        assert_eq!(string("\"a\\\nb\""), b"a\nb");
        assert_eq!(string("\"a\\\r\nb\""), b"a\nb");
        assert_eq!(string("\"a\\\n\rb\""), b"a\nb");
        assert_eq!(string("\"a\\\rb\""), b"a\nb");
        let mut lx = Lexer::new(b"\"\xff\x00\"", 0);
        assert_eq!(
            lx.next_token().unwrap().tok,
            Tok::Str(b"\xff\0".to_vec(), StrDelim::Quote(b'"'))
        );
    }

    #[test]
    fn string_lines() {
        let t = lex_all("\"a\\\r\nb\" x").unwrap();
        assert_eq!(t[0].line, 2);
        assert_eq!(t[1].line, 2);
        let t = lex_all("\"a\\\n\\\nb\"").unwrap();
        assert_eq!(t[0].line, 3);
    }

    #[test]
    fn string_errors() {
        assert_eq!(err("x = \"abc"), "1: unfinished string near '<eof>'");
        assert_eq!(err("x = \"abc\ny\""), "1: unfinished string near '\"abc'");
        assert_eq!(err("x = 'a\\tb\r'"), "1: unfinished string near ''a\tb'");
        assert_eq!(err("\"a\\300\""), "1: escape sequence too large near '\"a'");
        assert_eq!(err("\"a\\256\""), "1: escape sequence too large near '\"a'");
        assert_eq!(err("\"a\\"), "1: unfinished string near '<eof>'");
        assert_eq!(err("\"a\\\r\rb\""), "2: unfinished string near '\"a\n'");
    }

    #[test]
    fn long_strings() {
        assert_eq!(string("[[abc]]"), b"abc");
        assert_eq!(string("[[\nabc]]"), b"abc");
        assert_eq!(string("[[\r\nabc]]"), b"abc");
        assert_eq!(string("[[\n\nabc]]"), b"\nabc");
        assert_eq!(string("[==[a]]b]=]c]===]d]==]"), b"a]]b]=]c]===]d");
        assert_eq!(string("[=[a[[b]]c]=]"), b"a[[b]]c");
        assert_eq!(string("[[a\r\nb\n\rc\rd\ne]]"), b"a\nb\nc\nd\ne");
        assert_eq!(string("[[a\\n]]"), b"a\\n");
        assert_eq!(string("[==[]==]"), b"");
        let t = lex_all("[[\na\nb]] x").unwrap();
        assert_eq!(t[0].line, 3);
        assert_eq!(t[0].tok.near_text(), b"[[a\nb]]");
        assert_eq!(toks("[ =")[0], Tok::Char(b'['));
        assert_eq!(err("[="), "1: invalid long string delimiter near '[='");
    }

    #[test]
    fn long_string_errors() {
        assert_eq!(err("x = [[ abc"), "1: unfinished long string near '<eof>'");
        assert_eq!(
            err("x = [==[ abc ]=]\n"),
            "2: unfinished long string near '<eof>'"
        );
        assert_eq!(err("--[[ abc"), "1: unfinished long comment near '<eof>'");
        assert_eq!(
            err("x = [==x"),
            "1: invalid long string delimiter near '[=='"
        );
        assert_eq!(
            err("x = [[ a [[ b ]] ]]"),
            "1: nesting of [[...]] is deprecated near '['"
        );
    }

    #[test]
    fn comments() {
        assert_eq!(
            toks("a -- comment\nb"),
            vec![Tok::Name("a".into()), Tok::Name("b".into())]
        );
        assert_eq!(
            toks("a --[[ long\n comment ]] b"),
            vec![Tok::Name("a".into()), Tok::Name("b".into())]
        );
        assert_eq!(
            toks("a --[==[ ]] ]==] b"),
            vec![Tok::Name("a".into()), Tok::Name("b".into())]
        );
        assert_eq!(
            toks("a --[==x ]] \n b"),
            vec![Tok::Name("a".into()), Tok::Name("b".into())]
        );
        assert_eq!(
            toks("a --[=[ [[ ]=] b"),
            vec![Tok::Name("a".into()), Tok::Name("b".into())]
        );
        assert_eq!(
            err("a --[[ [[ ]] b"),
            "1: nesting of [[...]] is deprecated near '['"
        );
        assert_eq!(toks("--"), vec![]);
        assert_eq!(
            toks("a - b"),
            vec![
                Tok::Name("a".into()),
                Tok::Char(b'-'),
                Tok::Name("b".into())
            ]
        );
        let t = lex_all("--[[\n\n]] x").unwrap();
        assert_eq!(t[0].line, 3);
    }

    #[test]
    fn newlines() {
        let t = lex_all("a\nb\r\nc\n\rd\re\n\nf\r\rg").unwrap();
        let lines: Vec<u32> = t.iter().map(|t| t.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 7, 9]);
    }

    #[test]
    fn near_texts() {
        assert_eq!(Tok::Char(1).near_text(), b"char(1)");
        assert_eq!(Tok::Eof.near_text(), b"<eof>");
        assert_eq!(Tok::Function.near_text(), b"function");
        assert_eq!(
            Tok::Str(b"a".to_vec(), StrDelim::Long(1)).near_text(),
            b"[=[a]=]"
        );
        assert_eq!(Tok::Name("x".into()).describe(), "<name>");
        assert_eq!(near("m", b"a\0b"), "m near 'a'");
    }

    #[test]
    fn str_to_number_like_lua() {
        assert_eq!(str_to_number(b"  10  "), Some(10.0));
        assert_eq!(str_to_number(b"-0x10"), Some(-16.0));
        assert_eq!(str_to_number(b"1e"), None);
        assert_eq!(str_to_number(b""), None);
        assert_eq!(str_to_number(b"."), None);
        assert_eq!(str_to_number(b"0x"), None);
        assert_eq!(str_to_number(b"0x.8"), Some(0.5));
        assert_eq!(str_to_number(b"inf"), Some(f64::INFINITY));
        assert!(str_to_number(b"nan").unwrap().is_nan());
    }
}
