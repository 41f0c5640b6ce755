//! Lua 5.1 patterns, matched by a backtracking machine with an explicit stack.
//!
//! The semantics follow Lua 5.1's matcher exactly, including its quirks: the pattern is a C
//! string (it ends at its first `\0`, see `pattern_bytes`), errors in the pattern are found
//! lazily (only when the matcher reaches the faulty item), `^` is only special where the
//! callers strip it, `$` only as the last character, the byte after the end of the subject
//! reads as `\0` for `%f`, and a position capture never matches a back-reference.
//!
//! Where Lua 5.1 recurses in C (captures, `?`, `*`, `+`, `-`), this matcher pushes a
//! backtracking frame instead; the number of frames is limited by `MAX_DEPTH` so hostile
//! patterns fail with "pattern too complex" instead of exhausting memory or the stack.

/// Maximum number of captures in a pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;
/// Maximum number of pending backtracking points (nested matches in Lua 5.1's recursive
/// matcher). Lua 5.1 itself crashes somewhere above 100000.
pub const MAX_DEPTH: usize = 10_000;

const CAP_UNFINISHED: isize = -1;
const CAP_POSITION: isize = -2;

/// Characters that make `string.find` use the pattern matcher instead of a plain search.
pub const SPECIALS: &[u8] = b"^$*+?.([%-";

/// The part of a pattern Lua 5.1 sees: the bytes before the first `\0`.
pub fn pattern_bytes(p: &[u8]) -> &[u8] {
    match p.iter().position(|&c| c == 0) {
        Some(i) => &p[..i],
        None => p,
    }
}

/// Whether `string.find` must use the matcher for pattern `p` (5.1 looks for special characters
/// with `strpbrk`, so only before the first `\0`).
pub fn has_specials(p: &[u8]) -> bool {
    pattern_bytes(p).iter().any(|c| SPECIALS.contains(c))
}

/// Plain substring search (`lmemfind`): the first index of `needle` in `hay`.
pub fn find_plain(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&c| c == first) {
            None => return None,
            Some(off) => {
                let at = i + off;
                if &hay[at..at + needle.len()] == needle {
                    return Some(at);
                }
                i = at + 1;
            }
        }
    }
    None
}

/// A pattern error; `message` is Lua 5.1's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatError {
    EndsWithPercent,
    MissingBracket,
    MissingFrontierBracket,
    Unbalanced,
    UnfinishedCapture,
    InvalidPatternCapture,
    InvalidCaptureIndex,
    TooManyCaptures,
    TooComplex,
}

impl PatError {
    pub fn message(self) -> &'static str {
        match self {
            PatError::EndsWithPercent => "malformed pattern (ends with '%')",
            PatError::MissingBracket => "malformed pattern (missing ']')",
            PatError::MissingFrontierBracket => "missing '[' after '%f' in pattern",
            PatError::Unbalanced => "unbalanced pattern",
            PatError::UnfinishedCapture => "unfinished capture",
            PatError::InvalidPatternCapture => "invalid pattern capture",
            PatError::InvalidCaptureIndex => "invalid capture index",
            PatError::TooManyCaptures => "too many captures",
            PatError::TooComplex => "pattern too complex",
        }
    }
}

/// The value of one capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// A substring of the subject, `[start, end)`.
    Str(usize, usize),
    /// A position capture `()`: the 1-based position.
    Pos(usize),
}

/// A backtracking point: what Lua 5.1 does when the nested `match` call fails.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// `start_capture`: drop the capture.
    StartCap,
    /// `end_capture`: reopen capture `l`.
    EndCap(usize),
    /// `?`: continue without the optional item, at subject `s`, pattern `p`.
    Opt { s: usize, p: usize },
    /// `*`/`+`: retry the rest with one repetition fewer (`i` repetitions were just tried).
    Max { s: usize, i: usize, ep: usize },
    /// `-`: retry the rest with one repetition more (the rest was just tried at `s`).
    Min { s: usize, p: usize, ep: usize },
}

type R<T> = Result<T, PatError>;

pub struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    caps: [(usize, isize); MAX_CAPTURES],
    stack: Vec<Frame>,
}

fn is_punct(c: u8) -> bool {
    c.is_ascii_punctuation()
}

/// `%x` class test in the C locale; `cl` is the class letter.
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c < 32 || c == 127,
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => is_punct(c),
        b's' => c == b' ' || (9..=13).contains(&c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_uppercase() {
        !res
    } else {
        res
    }
}

impl<'a> Matcher<'a> {
    /// A matcher of `pat` (already cut at `\0` and without a leading anchor) against `src`.
    pub fn new(src: &'a [u8], pat: &'a [u8]) -> Matcher<'a> {
        Matcher {
            src,
            pat,
            level: 0,
            caps: [(0, 0); MAX_CAPTURES],
            stack: Vec::new(),
        }
    }

    /// Pattern byte at `i`, or 0 past the end (the C string's terminator).
    #[inline]
    fn pc(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    /// Number of captures of the last successful match.
    pub fn level(&self) -> usize {
        self.level
    }

    /// Capture `i` of a match of `[s, e)` (`push_onecapture`): capture 0 is the whole match
    /// when the pattern has no captures.
    pub fn capture(&self, i: usize, s: usize, e: usize) -> R<Capture> {
        if i >= self.level {
            if i == 0 {
                Ok(Capture::Str(s, e))
            } else {
                Err(PatError::InvalidCaptureIndex)
            }
        } else {
            let (init, len) = self.caps[i];
            match len {
                CAP_UNFINISHED => Err(PatError::UnfinishedCapture),
                CAP_POSITION => Ok(Capture::Pos(init + 1)),
                l => Ok(Capture::Str(init, init + l as usize)),
            }
        }
    }

    /// All captures of a match of `[s, e)` (`push_captures`); with `whole_if_none`, the whole
    /// match when there are no captures.
    pub fn captures(&self, s: usize, e: usize, whole_if_none: bool) -> R<Vec<Capture>> {
        let n = if self.level == 0 && whole_if_none {
            1
        } else {
            self.level
        };
        (0..n).map(|i| self.capture(i, s, e)).collect()
    }

    /// `classEnd`: the index just after the single-character class at `p`.
    fn class_end(&self, p: usize) -> R<usize> {
        let c = self.pc(p);
        let mut p = p + 1;
        match c {
            b'%' => {
                if p >= self.pat.len() {
                    return Err(PatError::EndsWithPercent);
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.pc(p) == b'^' {
                    p += 1;
                }
                loop {
                    if p >= self.pat.len() {
                        return Err(PatError::MissingBracket);
                    }
                    let cc = self.pat[p];
                    p += 1;
                    if cc == b'%' && p < self.pat.len() {
                        p += 1;
                    }
                    if self.pc(p) == b']' {
                        break;
                    }
                }
                Ok(p + 1)
            }
            _ => Ok(p),
        }
    }

    /// `matchbracketclass`: `p` is the `[`, `ec` the closing `]`.
    fn match_bracket(&self, c: u8, p: usize, ec: usize) -> bool {
        let mut p = p;
        let mut sig = true;
        if self.pc(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            let pc = self.pat[p];
            if pc == b'%' {
                p += 1;
                if match_class(c, self.pc(p)) {
                    return sig;
                }
            } else if self.pc(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if pc <= c && c <= self.pat[p] {
                    return sig;
                }
            } else if pc == c {
                return sig;
            }
        }
        !sig
    }

    /// Whether subject byte `c` matches the single-character class `[p, ep)`.
    fn single(&self, c: u8, p: usize, ep: usize) -> bool {
        match self.pat[p] {
            b'.' => true,
            b'%' => match_class(c, self.pc(p + 1)),
            b'[' => self.match_bracket(c, p, ep - 1),
            x => x == c,
        }
    }

    /// Whether the subject byte at `s` exists and matches `[p, ep)`.
    #[inline]
    fn single_at(&self, s: usize, p: usize, ep: usize) -> bool {
        s < self.src.len() && self.single(self.src[s], p, ep)
    }

    fn push(&mut self, f: Frame) -> R<()> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(PatError::TooComplex);
        }
        self.stack.push(f);
        Ok(())
    }

    /// `%b`: the end of a balanced run starting at `s`, with the delimiters at `pat[p..p+2]`.
    fn match_balance(&self, s: usize, p: usize) -> R<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err(PatError::Unbalanced);
        }
        let (b, e) = (self.pat[p], self.pat[p + 1]);
        if s >= self.src.len() || self.src[s] != b {
            return Ok(None);
        }
        let mut cont = 1;
        for i in s + 1..self.src.len() {
            let c = self.src[i];
            if c == e {
                cont -= 1;
                if cont == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == b {
                cont += 1;
            }
        }
        Ok(None)
    }

    /// A back-reference `%l` (`l` is the digit byte) at `s`.
    fn match_capture(&self, s: usize, l: u8) -> R<Option<usize>> {
        let l = l as isize - b'1' as isize;
        if l < 0 || l as usize >= self.level || self.caps[l as usize].1 == CAP_UNFINISHED {
            return Err(PatError::InvalidCaptureIndex);
        }
        let (init, len) = self.caps[l as usize];
        if len < 0 {
            // A position capture: Lua 5.1 compares `(size_t)len` bytes, which never fit.
            return Ok(None);
        }
        let len = len as usize;
        if self.src.len() - s >= len && self.src[init..init + len] == self.src[s..s + len] {
            Ok(Some(s + len))
        } else {
            Ok(None)
        }
    }

    /// `capture_to_close`: the innermost open capture.
    fn capture_to_close(&self) -> R<usize> {
        (0..self.level)
            .rev()
            .find(|&l| self.caps[l].1 == CAP_UNFINISHED)
            .ok_or(PatError::InvalidPatternCapture)
    }

    /// Advance from subject `s`, pattern `p` without backtracking: `Some(end)` when the pattern
    /// is exhausted, `None` on a mismatch (the caller backtracks). Pushes frames for every
    /// choice it makes.
    fn run(&mut self, mut s: usize, mut p: usize) -> R<Option<usize>> {
        let plen = self.pat.len();
        loop {
            if p >= plen {
                return Ok(Some(s));
            }
            match self.pat[p] {
                b'(' => {
                    let (np, what) = if self.pc(p + 1) == b')' {
                        (p + 2, CAP_POSITION)
                    } else {
                        (p + 1, CAP_UNFINISHED)
                    };
                    if self.level >= MAX_CAPTURES {
                        return Err(PatError::TooManyCaptures);
                    }
                    self.push(Frame::StartCap)?;
                    self.caps[self.level] = (s, what);
                    self.level += 1;
                    p = np;
                    continue;
                }
                b')' => {
                    let l = self.capture_to_close()?;
                    self.push(Frame::EndCap(l))?;
                    self.caps[l].1 = (s - self.caps[l].0) as isize;
                    p += 1;
                    continue;
                }
                b'%' => match self.pc(p + 1) {
                    b'b' => {
                        match self.match_balance(s, p + 2)? {
                            Some(ns) => s = ns,
                            None => return Ok(None),
                        }
                        p += 4;
                        continue;
                    }
                    b'f' => {
                        p += 2;
                        if self.pc(p) != b'[' {
                            return Err(PatError::MissingFrontierBracket);
                        }
                        let ep = self.class_end(p)?;
                        let prev = if s == 0 { 0 } else { self.src[s - 1] };
                        let cur = self.src.get(s).copied().unwrap_or(0);
                        if self.match_bracket(prev, p, ep - 1)
                            || !self.match_bracket(cur, p, ep - 1)
                        {
                            return Ok(None);
                        }
                        p = ep;
                        continue;
                    }
                    d if d.is_ascii_digit() => {
                        match self.match_capture(s, d)? {
                            Some(ns) => s = ns,
                            None => return Ok(None),
                        }
                        p += 2;
                        continue;
                    }
                    _ => {}
                },
                b'$' if p + 1 == plen => {
                    return Ok(if s == self.src.len() { Some(s) } else { None });
                }
                _ => {}
            }
            // A single-character class, possibly followed by a quantifier.
            let ep = self.class_end(p)?;
            let m = self.single_at(s, p, ep);
            match self.pc(ep) {
                b'?' => {
                    if m {
                        self.push(Frame::Opt { s, p: ep + 1 })?;
                        s += 1;
                    }
                    p = ep + 1;
                }
                b'*' | b'+' => {
                    if self.pc(ep) == b'+' {
                        if !m {
                            return Ok(None);
                        }
                        s += 1;
                    }
                    let mut i = 0;
                    while self.single_at(s + i, p, ep) {
                        i += 1;
                    }
                    self.push(Frame::Max { s, i, ep })?;
                    s += i;
                    p = ep + 1;
                }
                b'-' => {
                    self.push(Frame::Min { s, p, ep })?;
                    p = ep + 1;
                }
                _ => {
                    if !m {
                        return Ok(None);
                    }
                    s += 1;
                    p = ep;
                }
            }
        }
    }

    /// Match the pattern from pattern index `p` at subject index `s` (Lua 5.1's `match` with a
    /// fresh capture level): the end of the match, or `None`.
    pub fn match_at(&mut self, s: usize, p: usize) -> R<Option<usize>> {
        self.level = 0;
        self.stack.clear();
        let (mut s, mut p) = (s, p);
        loop {
            if let Some(e) = self.run(s, p)? {
                self.stack.clear();
                return Ok(Some(e));
            }
            // Backtrack to the most recent choice point.
            loop {
                match self.stack.pop() {
                    None => return Ok(None),
                    Some(Frame::StartCap) => self.level -= 1,
                    Some(Frame::EndCap(l)) => self.caps[l].1 = CAP_UNFINISHED,
                    Some(Frame::Opt { s: s2, p: p2 }) => {
                        s = s2;
                        p = p2;
                        break;
                    }
                    Some(Frame::Max { s: s0, i, ep }) => {
                        if i > 0 {
                            self.stack.push(Frame::Max {
                                s: s0,
                                i: i - 1,
                                ep,
                            });
                            s = s0 + i - 1;
                            p = ep + 1;
                            break;
                        }
                    }
                    Some(Frame::Min { s: s0, p: p0, ep }) => {
                        if self.single_at(s0, p0, ep) {
                            self.stack.push(Frame::Min {
                                s: s0 + 1,
                                p: p0,
                                ep,
                            });
                            s = s0 + 1;
                            p = ep + 1;
                            break;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `string.match`-like helper: first match from `init`, honouring a leading `^`.
    fn find(s: &str, p: &str) -> Result<Option<(usize, usize, Vec<Capture>)>, PatError> {
        let src = s.as_bytes();
        let pat = pattern_bytes(p.as_bytes());
        let (anchor, pat) = match pat.first() {
            Some(b'^') => (true, &pat[1..]),
            _ => (false, pat),
        };
        let mut m = Matcher::new(src, pat);
        let mut s1 = 0;
        loop {
            if let Some(e) = m.match_at(s1, 0)? {
                let caps = m.captures(s1, e, false)?;
                return Ok(Some((s1, e, caps)));
            }
            s1 += 1;
            if s1 > src.len() || anchor {
                return Ok(None);
            }
        }
    }

    fn span(s: &str, p: &str) -> Option<(usize, usize)> {
        find(s, p).unwrap().map(|(a, b, _)| (a, b))
    }

    #[test]
    fn single_items_and_quantifiers() {
        assert_eq!(span("hello world", "o w"), Some((4, 7)));
        assert_eq!(span("hello", "l+"), Some((2, 4)));
        assert_eq!(span("hello", "x*"), Some((0, 0)));
        assert_eq!(span("hello", "l-o"), Some((2, 5)));
        assert_eq!(span("hello", "he?l"), Some((0, 3)));
        assert_eq!(span("hllo", "he?l"), Some((0, 2)));
        assert_eq!(span("aaab", "a-b"), Some((0, 4)));
        assert_eq!(span("abc", "^b"), None);
        assert_eq!(span("abc", "c$"), Some((2, 3)));
        assert_eq!(span("a$c", "$c"), Some((1, 3)));
        assert_eq!(span("abc", ".-$"), Some((0, 3)));
    }

    #[test]
    fn classes_and_sets() {
        assert_eq!(span("  x1_y", "%w+"), Some((2, 4)));
        assert_eq!(span("ab12", "%d%d"), Some((2, 4)));
        assert_eq!(span("ab12", "%D+"), Some((0, 2)));
        assert_eq!(span("a]b", "[]]"), Some((1, 2)));
        assert_eq!(span("a]b", "[^]a]"), Some((2, 3)));
        assert_eq!(span("x-y", "[a-]"), Some((1, 2)));
        assert_eq!(span("Q7", "[%d]"), Some((1, 2)));
        assert_eq!(span("a.b", "%."), Some((1, 2)));
        assert_eq!(span("a\0b", "%z"), Some((1, 2)));
        assert_eq!(span("FOO bar", "[a-z]+"), Some((4, 7)));
        for c in 0..=255u8 {
            assert_eq!(
                match_class(c, b'p'),
                c.is_ascii_graphic() && !c.is_ascii_alphanumeric()
            );
            assert_eq!(match_class(c, b'S'), !match_class(c, b's'));
        }
    }

    #[test]
    fn captures_and_backrefs() {
        let (_, _, caps) = find("key = value", "(%w+)%s*=%s*(%w+)").unwrap().unwrap();
        assert_eq!(caps, vec![Capture::Str(0, 3), Capture::Str(6, 11)]);
        let (_, _, caps) = find("abc", "()b()").unwrap().unwrap();
        assert_eq!(caps, vec![Capture::Pos(2), Capture::Pos(3)]);
        assert_eq!(span("xabcabcy", "(abc)%1"), Some((1, 7)));
        assert_eq!(span("say \"hi\" 'x'", "([\"'])(.-)%1"), Some((4, 8)));
        assert_eq!(span("aa", "()a%1"), None);
        let (_, _, caps) = find("abcd", "((a)(b(c)))").unwrap().unwrap();
        assert_eq!(
            caps,
            vec![
                Capture::Str(0, 3),
                Capture::Str(0, 1),
                Capture::Str(1, 3),
                Capture::Str(2, 3)
            ]
        );
    }

    #[test]
    fn balance_and_frontier() {
        assert_eq!(span("f(a(b)c) d", "%b()"), Some((1, 8)));
        assert_eq!(span("f(a(b c", "%b()"), None);
        assert_eq!(span("THE (quick) fox", "%f[%a]%a+"), Some((0, 3)));
        assert_eq!(span("THE (quick) fox", "%f[%l]%a+"), Some((5, 10)));
        assert_eq!(span("abc", "%f[%z]"), Some((3, 3)));
    }

    #[test]
    fn errors_are_lazy_and_exact() {
        assert_eq!(find("b", "a[").unwrap(), None);
        assert_eq!(find("a", "a[").unwrap_err(), PatError::MissingBracket);
        assert_eq!(find("a", "%").unwrap_err(), PatError::EndsWithPercent);
        assert_eq!(find("a", "%b(").unwrap_err(), PatError::Unbalanced);
        assert_eq!(
            find("a", "%fa").unwrap_err(),
            PatError::MissingFrontierBracket
        );
        assert_eq!(
            find("a", "a)").unwrap_err(),
            PatError::InvalidPatternCapture
        );
        assert_eq!(
            find("aa", "(a)%2").unwrap_err(),
            PatError::InvalidCaptureIndex
        );
        assert_eq!(
            find("aa", "(a%1)").unwrap_err(),
            PatError::InvalidCaptureIndex
        );
        assert_eq!(find("a", "(a").unwrap_err(), PatError::UnfinishedCapture);
        let many = "()".repeat(33);
        assert_eq!(find("", &many).unwrap_err(), PatError::TooManyCaptures);
        assert!(find("", &"()".repeat(32)).unwrap().is_some());
    }

    #[test]
    fn deep_patterns_fail_cleanly() {
        let n = 50_000;
        let subject = "a".repeat(n);
        let hostile = format!("{}{}", "a?".repeat(n), "a".repeat(n));
        assert_eq!(find(&subject, &hostile).unwrap_err(), PatError::TooComplex);
        // Depth below the limit works, and long subjects with `.-`/`.*` need no depth.
        let ok = "a?".repeat(1000);
        assert_eq!(span(&subject, &ok), Some((0, 1000)));
        let long = "x".repeat(200_000) + "y";
        assert_eq!(span(&long, "^(.-)y$"), Some((0, 200_001)));
        assert_eq!(span(&long, "^.*y"), Some((0, 200_001)));
    }

    #[test]
    fn plain_search() {
        assert_eq!(find_plain(b"hello", b"ll"), Some(2));
        assert_eq!(find_plain(b"hello", b""), Some(0));
        assert_eq!(find_plain(b"hel", b"hello"), None);
        assert_eq!(find_plain(b"aab", b"ab"), Some(1));
        assert!(has_specials(b"a.b"));
        assert!(!has_specials(b"a\0.b"));
        assert_eq!(pattern_bytes(b"a\0b"), b"a");
    }
}
