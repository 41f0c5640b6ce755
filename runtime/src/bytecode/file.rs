//! The `.bc` file format: `dump` serialises a prototype tree, `load` reads one back (verifying
//! every function) from possibly hostile bytes.
//!
//! Layout (all integers little-endian; the byte-by-byte description is in `docs/bytecode.md`):
//!
//! ```text
//! file    := magic "\x1bLVM" | u16 version (= 1) | u16 flags (= 0) | proto
//! proto   := section* END
//! section := u8 tag | u32 length | payload (exactly `length` bytes)
//! string  := u32 length | bytes
//! ```
//!
//! Version 3 (versions 1 and 2 had other opcode numberings; the version changes whenever the
//! opcode table does) is the current format. A prototype has exactly the sections INFO, CODE, LINES, CONSTS, UPVALS, PROTOS,
//! LOCVARS, NAMES in this order, then END (tag 0, length 0). Nested prototypes are written
//! inside the PROTOS section. Any other tag is rejected. A later version can add sections with
//! new tags (and a reader for it can skip the ones it does not need by their length) without
//! changing how the existing ones are framed.
//!
//! Loading checks every length against the bytes that remain (in the file and in the enclosing
//! section) before allocating, limits prototype nesting to `MAX_DEPTH`, never panics, and runs
//! the verifier on each prototype before it is allocated.

use crate::bytecode::verify::{self, VerifyError};
use crate::gc::{Gc, Heap};
use crate::object::{LocVar, NameInfo, NameKind, Proto, UpvalDesc};
use crate::value::Value;
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

pub const MAGIC: [u8; 4] = *b"\x1bLVM";
/// The format version this VM writes and reads.
pub const VERSION: u16 = 3;
/// Deepest prototype nesting `load` accepts (the main chunk is level 1).
pub const MAX_DEPTH: usize = 200;

/// Section tags (unchanged since version 1).
pub mod tag {
    pub const END: u8 = 0;
    pub const INFO: u8 = 1;
    pub const CODE: u8 = 2;
    pub const LINES: u8 = 3;
    pub const CONSTS: u8 = 4;
    pub const UPVALS: u8 = 5;
    pub const PROTOS: u8 = 6;
    pub const LOCVARS: u8 = 7;
    pub const NAMES: u8 = 8;
}

/// Constant type tags.
pub const CONST_NUMBER: u8 = 1;
pub const CONST_STRING: u8 = 2;

fn section_name(t: u8) -> &'static str {
    match t {
        tag::END => "END",
        tag::INFO => "INFO",
        tag::CODE => "CODE",
        tag::LINES => "LINES",
        tag::CONSTS => "CONSTS",
        tag::UPVALS => "UPVALS",
        tag::PROTOS => "PROTOS",
        tag::LOCVARS => "LOCVARS",
        tag::NAMES => "NAMES",
        _ => "unknown",
    }
}

/// Why `load` rejected a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The file does not start with `MAGIC`.
    BadMagic,
    UnsupportedVersion(u16),
    UnsupportedFlags(u16),
    /// The file ends before `context` could be read.
    Truncated {
        offset: usize,
        context: String,
    },
    /// The bytes at `offset` do not make sense.
    Malformed {
        offset: usize,
        message: String,
    },
    /// A function was read but the verifier rejected it.
    Verify(VerifyError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::BadMagic => write!(f, "bad magic: not a vm bytecode file"),
            LoadError::UnsupportedVersion(v) => write!(
                f,
                "unsupported format version {v} (this vm reads version {VERSION})"
            ),
            LoadError::UnsupportedFlags(x) => {
                write!(f, "unsupported flags {x:#06x} in file header (must be 0)")
            }
            LoadError::Truncated { offset, context } => {
                write!(f, "truncated file at offset {offset} ({context})")
            }
            LoadError::Malformed { offset, message } => {
                write!(f, "malformed file at offset {offset}: {message}")
            }
            LoadError::Verify(e) => write!(f, "verification failed in {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

// ---------------------------------------------------------------------------------------------
// Writing

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(
        out,
        u32::try_from(n).expect("bytecode item longer than 4 GiB"),
    );
}
fn put_str(out: &mut Vec<u8>, s: &[u8]) {
    put_len(out, s.len());
    out.extend_from_slice(s);
}

/// Write one section: tag, then a length patched in after `body` has written the payload.
fn section(out: &mut Vec<u8>, t: u8, body: impl FnOnce(&mut Vec<u8>)) {
    out.push(t);
    let at = out.len();
    put_u32(out, 0);
    body(out);
    let len = out.len() - at - 4;
    let len = u32::try_from(len).expect("bytecode section longer than 4 GiB");
    out[at..at + 4].copy_from_slice(&len.to_le_bytes());
}

/// Serialise `p` and its nested prototypes.
///
/// # Panics
/// If a constant is neither a number nor a string (the verifier rejects such prototypes), or an
/// item is longer than 4 GiB.
pub fn dump(p: &Proto) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + p.code.len() * 8);
    out.extend_from_slice(&MAGIC);
    put_u16(&mut out, VERSION);
    put_u16(&mut out, 0);
    dump_proto(&mut out, p);
    out
}

/// A function whose PROTOS section is open while its nested functions are written.
struct DumpFrame<'a> {
    p: &'a Proto,
    next_child: usize,
    /// Where the PROTOS section's length goes.
    protos_len_at: usize,
}

/// Writes the sections before the nested functions and opens PROTOS.
fn dump_head<'a>(out: &mut Vec<u8>, p: &'a Proto) -> DumpFrame<'a> {
    section(out, tag::INFO, |o| {
        put_str(o, p.source.as_bytes());
        put_u32(o, p.line_defined);
        put_u32(o, p.last_line);
        o.push(p.num_params);
        // Vararg flags: bit 0 = vararg, bit 1 = needs the 5.1 compatibility `arg` table.
        o.push(p.is_vararg as u8 | ((p.needs_arg as u8) << 1));
        put_u16(o, p.num_slots);
        put_u32(o, p.max_stack);
    });
    section(out, tag::CODE, |o| {
        put_len(o, p.code.len());
        for &w in &p.code {
            put_u32(o, w);
        }
    });
    section(out, tag::LINES, |o| {
        put_len(o, p.lines.len());
        for &l in &p.lines {
            put_u32(o, l);
        }
    });
    section(out, tag::CONSTS, |o| {
        put_len(o, p.consts.len());
        for (i, k) in p.consts.iter().enumerate() {
            if let Some(n) = k.as_number() {
                o.push(CONST_NUMBER);
                o.extend_from_slice(&n.to_bits().to_le_bytes());
            } else if let Some(s) = k.as_string() {
                o.push(CONST_STRING);
                put_str(o, s.as_bytes());
            } else {
                panic!(
                    "dump: constant {i} is a {}; only numbers and strings can be constants",
                    k.type_name()
                );
            }
        }
    });
    section(out, tag::UPVALS, |o| {
        put_len(o, p.upvals.len());
        for u in &p.upvals {
            o.push(u.in_stack as u8);
            put_u16(o, u.index);
            put_str(o, u.name.as_bytes());
        }
    });
    out.push(tag::PROTOS);
    let protos_len_at = out.len();
    put_u32(out, 0);
    put_len(out, p.protos.len());
    DumpFrame {
        p,
        next_child: 0,
        protos_len_at,
    }
}

/// Closes PROTOS and writes the remaining sections.
fn dump_tail(out: &mut Vec<u8>, f: DumpFrame<'_>) {
    let p = f.p;
    let len = out.len() - f.protos_len_at - 4;
    let len = u32::try_from(len).expect("bytecode section longer than 4 GiB");
    out[f.protos_len_at..f.protos_len_at + 4].copy_from_slice(&len.to_le_bytes());
    section(out, tag::LOCVARS, |o| {
        put_len(o, p.locvars.len());
        for l in &p.locvars {
            put_str(o, l.name.as_bytes());
            put_u16(o, l.slot);
            put_u32(o, l.start_pc);
            put_u32(o, l.end_pc);
        }
    });
    section(out, tag::NAMES, |o| {
        put_len(o, p.names.len());
        for n in &p.names {
            put_u32(o, n.pc);
            o.push(n.which);
            o.push(n.kind as u8);
            put_str(o, n.name.as_bytes());
        }
    });
    section(out, tag::END, |_| {});
}

/// Writes `root` and its nested functions depth first, without recursion.
fn dump_proto(out: &mut Vec<u8>, root: &Proto) {
    let mut stack = vec![dump_head(out, root)];
    while let Some(top) = stack.last_mut() {
        let p = top.p;
        if let Some(c) = p.protos.get(top.next_child) {
            top.next_child += 1;
            let child = dump_head(out, c);
            stack.push(child);
        } else if let Some(f) = stack.pop() {
            dump_tail(out, f);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// What is being read, for error messages.
#[derive(Clone, Copy)]
enum Item {
    Header,
    SectionTag,
    SectionLength(u8),
    Field(&'static str),
    Count(u8),
    Code(usize),
    Line(usize),
    Const(usize),
    Upval(usize),
    LocVar(usize),
    Name(usize),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Item::Header => write!(f, "file header"),
            Item::SectionTag => write!(f, "section tag"),
            Item::SectionLength(t) => write!(f, "length of section {}", section_name(t)),
            Item::Field(name) => write!(f, "{name}"),
            Item::Count(t) => write!(f, "item count of section {}", section_name(t)),
            Item::Code(i) => write!(f, "code word {i}"),
            Item::Line(i) => write!(f, "line entry {i}"),
            Item::Const(i) => write!(f, "constant {i}"),
            Item::Upval(i) => write!(f, "upvalue {i}"),
            Item::LocVar(i) => write!(f, "local variable {i}"),
            Item::Name(i) => write!(f, "operand name {i}"),
        }
    }
}

/// A function whose nested functions are being read.
struct LoadFrame {
    p: Proto,
    label: String,
    /// Nested functions still to read.
    remaining: usize,
    /// The section end to restore when PROTOS is closed.
    protos_outer: usize,
}

struct Loader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// End of the innermost open section (or of the file).
    end: usize,
    heap: &'a mut Heap,
    /// Source names seen so far, so prototypes from one source share one `Rc`.
    sources: HashSet<Rc<str>>,
    /// The function being read, for messages.
    func: String,
    item: Item,
}

type R<T> = Result<T, LoadError>;

impl<'a> Loader<'a> {
    fn context(&self) -> String {
        match self.item {
            Item::Header => "reading the file header".into(),
            item => format!("reading {} of {}", item, self.func),
        }
    }

    fn malformed<T>(&self, offset: usize, message: String) -> R<T> {
        Err(LoadError::Malformed { offset, message })
    }

    /// The next `n` bytes of the current section.
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let avail = self.end - self.pos;
        if n > avail {
            if self.end == self.buf.len() {
                return Err(LoadError::Truncated {
                    offset: self.pos,
                    context: self.context(),
                });
            }
            return self.malformed(
                self.pos,
                format!(
                    "{} of {} needs {} byte(s) but its section has only {} left",
                    self.item, self.func, n, avail
                ),
            );
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> R<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> R<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> R<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn bool(&mut self) -> R<bool> {
        let at = self.pos;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            x => self.malformed(at, format!("{} must be 0 or 1, got {x}", self.context())),
        }
    }
    fn bytes(&mut self) -> R<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn string(&mut self) -> R<String> {
        let at = self.pos;
        let b = self.bytes()?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => self.malformed(at, format!("{} is not valid UTF-8", self.context())),
        }
    }

    /// Read a count of items that take at least `min_size` bytes each, checked against the
    /// bytes left in the section.
    fn count(&mut self, t: u8, min_size: usize) -> R<usize> {
        self.item = Item::Count(t);
        let at = self.pos;
        let n = self.u32()? as usize;
        let avail = self.end - self.pos;
        if n.saturating_mul(min_size) > avail {
            return self.malformed(
                at,
                format!(
                    "section {} of {} claims {} item(s) but has only {} byte(s) left",
                    section_name(t),
                    self.func,
                    n,
                    avail
                ),
            );
        }
        Ok(n)
    }

    /// Read a section header, which must have tag `want`; returns the enclosing end to restore.
    fn open(&mut self, want: u8) -> R<usize> {
        self.item = Item::SectionTag;
        let at = self.pos;
        let t = self.u8()?;
        if t != want {
            let what = if t > tag::NAMES {
                format!("unknown section tag {t}")
            } else {
                format!("section {} (tag {t})", section_name(t))
            };
            return self.malformed(
                at,
                format!(
                    "{} in {} where section {} was expected (format version {})",
                    what,
                    self.func,
                    section_name(want),
                    VERSION
                ),
            );
        }
        self.item = Item::SectionLength(t);
        let len = self.u32()? as usize;
        let avail = self.end - self.pos;
        if len > avail {
            if self.end == self.buf.len() {
                return Err(LoadError::Truncated {
                    offset: self.pos,
                    context: format!(
                        "section {} of {} declares {} byte(s), only {} remain",
                        section_name(t),
                        self.func,
                        len,
                        avail
                    ),
                });
            }
            return self.malformed(
                at,
                format!(
                    "section {} of {} declares {} byte(s) but its enclosing section has {} left",
                    section_name(t),
                    self.func,
                    len,
                    avail
                ),
            );
        }
        let outer = self.end;
        self.end = self.pos + len;
        Ok(outer)
    }

    fn close(&mut self, t: u8, outer: usize) -> R<()> {
        if self.pos != self.end {
            return self.malformed(
                self.pos,
                format!(
                    "{} unread byte(s) at the end of section {} of {}",
                    self.end - self.pos,
                    section_name(t),
                    self.func
                ),
            );
        }
        self.end = outer;
        Ok(())
    }

    fn source(&mut self, s: String) -> Rc<str> {
        if let Some(r) = self.sources.get(s.as_str()) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(s);
        self.sources.insert(r.clone());
        r
    }

    /// Reads a function up to its nested functions and opens its PROTOS section.
    fn head(&mut self) -> R<LoadFrame> {
        let outer = self.open(tag::INFO)?;
        self.item = Item::Field("source name");
        let source = self.string()?;
        let source = self.source(source);
        self.item = Item::Field("line_defined");
        let line_defined = self.u32()?;
        self.item = Item::Field("last_line");
        let last_line = self.u32()?;
        self.item = Item::Field("num_params");
        let num_params = self.u8()?;
        self.item = Item::Field("vararg flags");
        let at = self.pos;
        let vflags = self.u8()?;
        if vflags > 3 || vflags == 2 {
            return self.malformed(
                at,
                format!("{} must be 0, 1 or 3, got {vflags}", self.context()),
            );
        }
        let is_vararg = vflags & 1 != 0;
        let needs_arg = vflags & 2 != 0;
        self.item = Item::Field("num_slots");
        let num_slots = self.u16()?;
        self.item = Item::Field("max_stack");
        let max_stack = self.u32()?;
        self.close(tag::INFO, outer)?;
        let mut p = Proto {
            chunkname: None,
            code: Vec::new(),
            consts: Vec::new(),
            protos: Vec::new(),
            lines: Vec::new(),
            upvals: Vec::new(),
            num_params,
            is_vararg,
            needs_arg,
            num_slots,
            max_stack,
            source,
            line_defined,
            last_line,
            locvars: Vec::new(),
            names: Vec::new(),
            hot: std::cell::Cell::new(0),
            jit: Default::default(),
        };
        self.func = verify::function_label(&p);

        let outer = self.open(tag::CODE)?;
        let n = self.count(tag::CODE, 4)?;
        p.code.reserve_exact(n);
        for i in 0..n {
            self.item = Item::Code(i);
            p.code.push(self.u32()?);
        }
        self.close(tag::CODE, outer)?;

        let outer = self.open(tag::LINES)?;
        let n = self.count(tag::LINES, 4)?;
        p.lines.reserve_exact(n);
        for i in 0..n {
            self.item = Item::Line(i);
            p.lines.push(self.u32()?);
        }
        self.close(tag::LINES, outer)?;

        let outer = self.open(tag::CONSTS)?;
        let n = self.count(tag::CONSTS, 5)?;
        p.consts.reserve_exact(n);
        for i in 0..n {
            self.item = Item::Const(i);
            let at = self.pos;
            let v = match self.u8()? {
                CONST_NUMBER => Value::number(f64::from_bits(self.u64()?)),
                CONST_STRING => {
                    let b = self.bytes()?;
                    Value::string(self.heap.intern(b))
                }
                t => {
                    return self.malformed(
                        at,
                        format!(
                            "constant {i} of {} has type tag {t}; only numbers ({CONST_NUMBER}) \
                             and strings ({CONST_STRING}) may be constants",
                            self.func
                        ),
                    )
                }
            };
            p.consts.push(v);
        }
        self.close(tag::CONSTS, outer)?;

        let outer = self.open(tag::UPVALS)?;
        let n = self.count(tag::UPVALS, 7)?;
        p.upvals.reserve_exact(n);
        for i in 0..n {
            self.item = Item::Upval(i);
            let in_stack = self.bool()?;
            let index = self.u16()?;
            let name = self.string()?;
            p.upvals.push(UpvalDesc {
                in_stack,
                index,
                name,
            });
        }
        self.close(tag::UPVALS, outer)?;

        let outer = self.open(tag::PROTOS)?;
        // A nested prototype is at least 9 sections of 5 bytes.
        let n = self.count(tag::PROTOS, 45)?;
        p.protos.reserve_exact(n);
        Ok(LoadFrame {
            p,
            label: self.func.clone(),
            remaining: n,
            protos_outer: outer,
        })
    }

    /// Closes the PROTOS section, reads the rest of the function, verifies and allocates it.
    fn tail(&mut self, f: LoadFrame) -> R<Gc<Proto>> {
        let LoadFrame {
            mut p,
            label,
            protos_outer,
            ..
        } = f;
        self.func = label;
        self.close(tag::PROTOS, protos_outer)?;

        let outer = self.open(tag::LOCVARS)?;
        let n = self.count(tag::LOCVARS, 14)?;
        p.locvars.reserve_exact(n);
        for i in 0..n {
            self.item = Item::LocVar(i);
            let name = self.string()?;
            let slot = self.u16()?;
            let start_pc = self.u32()?;
            let end_pc = self.u32()?;
            p.locvars.push(LocVar {
                name,
                slot,
                start_pc,
                end_pc,
            });
        }
        self.close(tag::LOCVARS, outer)?;

        let outer = self.open(tag::NAMES)?;
        let n = self.count(tag::NAMES, 10)?;
        p.names.reserve_exact(n);
        for i in 0..n {
            self.item = Item::Name(i);
            let pc = self.u32()?;
            let which = self.u8()?;
            let at = self.pos;
            let k = self.u8()?;
            let Some(kind) = NameKind::from_u8(k) else {
                return self.malformed(
                    at,
                    format!("operand name {i} of {} has bad kind {k}", self.func),
                );
            };
            let name = self.string()?;
            p.names.push(NameInfo {
                pc,
                which,
                kind,
                name,
            });
        }
        self.close(tag::NAMES, outer)?;

        let outer = self.open(tag::END)?;
        self.close(tag::END, outer)?;

        verify::verify_function(&p).map_err(LoadError::Verify)?;
        Ok(self.heap.alloc(p))
    }

    /// Reads the main function and everything nested in it, depth first, without recursion.
    fn tree(&mut self) -> R<Gc<Proto>> {
        let mut stack = vec![self.head()?];
        loop {
            let top = stack.last_mut().expect("stack is not empty");
            if top.remaining > 0 {
                top.remaining -= 1;
                let index = top.p.protos.len();
                let parent = top.label.clone();
                if stack.len() >= MAX_DEPTH {
                    return self.malformed(
                        self.pos,
                        format!("functions nested more than {MAX_DEPTH} levels deep (in {parent})"),
                    );
                }
                self.func = format!("nested function {index} of {parent}");
                let child = self.head()?;
                stack.push(child);
                continue;
            }
            let f = stack.pop().expect("stack is not empty");
            let g = self.tail(f)?;
            match stack.last_mut() {
                Some(parent) => parent.p.protos.push(g),
                None => return Ok(g),
            }
        }
    }
}

/// Read a `.bc` file. Strings are interned in `heap`; every function is verified.
pub fn load(heap: &mut Heap, bytes: &[u8]) -> Result<Gc<Proto>, LoadError> {
    let mut l = Loader {
        buf: bytes,
        pos: 0,
        end: bytes.len(),
        heap,
        sources: HashSet::new(),
        func: "main chunk".into(),
        item: Item::Header,
    };
    if bytes.len() < 4 {
        if !bytes.is_empty() && MAGIC.starts_with(bytes) {
            return Err(LoadError::Truncated {
                offset: bytes.len(),
                context: l.context(),
            });
        }
        return Err(LoadError::BadMagic);
    }
    if bytes[..4] != MAGIC {
        return Err(LoadError::BadMagic);
    }
    l.pos = 4;
    let version = l.u16()?;
    if version != VERSION {
        return Err(LoadError::UnsupportedVersion(version));
    }
    let flags = l.u16()?;
    if flags != 0 {
        return Err(LoadError::UnsupportedFlags(flags));
    }
    let p = l.tree()?;
    if l.pos != bytes.len() {
        return Err(LoadError::Malformed {
            offset: l.pos,
            message: format!(
                "{} unexpected byte(s) after the main function",
                bytes.len() - l.pos
            ),
        });
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::disasm::disassemble;
    use crate::bytecode::op::{Instr, Op::*};
    use crate::bytecode::testutil::*;
    use crate::bytecode::verify::verify;

    fn ret(a: u32) -> Instr {
        Instr::ab(Return, a, 1)
    }

    /// A chain of `depth` functions, each nesting the next one.
    fn nested_chain(heap: &mut Heap, depth: usize) -> Gc<Proto> {
        let mut inner: Option<Gc<Proto>> = None;
        for level in (0..depth).rev() {
            let mut p = proto(&[ret(0)], 0, 1);
            p.line_defined = level as u32;
            p.last_line = level as u32;
            p.protos.extend(inner);
            inner = Some(heap.alloc(p));
        }
        inner.unwrap()
    }

    /// Functions with odd constants, upvalues of both kinds and three levels of nesting.
    fn odd_constants(heap: &mut Heap) -> Gc<Proto> {
        let mut g = proto(&[Instr::a(GetUpval, 1), Instr::ab(Return, 0, 2)], 0, 1);
        g.upvals = vec![upval(false, 0, "a"), upval(true, 0, "b")];
        g.line_defined = 5;
        g.last_line = 6;
        g.source = std::rc::Rc::from("@other.lua");
        let g = heap.alloc(g);
        let mut f = proto(&[Instr::a(Closure, 0), Instr::ab(Return, 1, 2)], 1, 2);
        f.upvals = vec![upval(true, 0, "a")];
        f.protos = vec![g];
        f.line_defined = 2;
        f.last_line = 9;
        let f = heap.alloc(f);
        let mut p = proto(
            &[
                Instr::a(LoadK, 0),
                Instr::a(SetLocal, 0),
                Instr::a(Closure, 0),
                Instr::a(SetGlobal, 6),
                Instr::ab(Return, 1, 1),
            ],
            1,
            2,
        );
        p.consts = vec![
            Value::number(f64::NAN),
            Value::number(-f64::NAN),
            Value::number(-0.0),
            Value::number(f64::INFINITY),
            Value::number(f64::NEG_INFINITY),
            Value::number(1e308),
            s(heap, b"f\0\xff\n\"x\""),
            s(heap, b""),
        ];
        p.protos = vec![f];
        p.locvars = vec![locvar("x", 0, 2, 5)];
        p.names = vec![name(3, 0, NameKind::Global, "f")];
        heap.alloc(p)
    }

    fn valid_files(heap: &mut Heap) -> Vec<Vec<u8>> {
        let a = sample(heap);
        let b = odd_constants(heap);
        let c = nested_chain(heap, 4);
        let d = proto(&[ret(0)], 0, 0);
        vec![dump(&a), dump(&b), dump(&c), dump(&d)]
    }

    #[test]
    fn round_trips() {
        let mut heap = Heap::new();
        for p in [sample(&mut heap), odd_constants(&mut heap)] {
            verify(&p).unwrap();
            let bytes = dump(&p);
            let q = load(&mut heap, &bytes).unwrap();
            assert!(same(&p, &q));
            assert_eq!(dump(&q), bytes);
            assert_eq!(q.hot.get(), 0);
        }
        let p = odd_constants(&mut heap);
        let q = load(&mut heap, &dump(&p)).unwrap();
        let k = &q.consts;
        assert!(k[0].as_number().unwrap().is_nan());
        assert!(k[0].as_number().unwrap().is_sign_positive());
        assert!(k[1].as_number().unwrap().is_sign_negative());
        assert_eq!(k[2].as_number().unwrap().to_bits(), (-0.0f64).to_bits());
        assert_eq!(k[3].as_number(), Some(f64::INFINITY));
        assert_eq!(k[6].as_string().unwrap().as_bytes(), b"f\0\xff\n\"x\"");
        assert_eq!(k[6], Value::string(heap.intern(b"f\0\xff\n\"x\"")));
        // One Rc per distinct source name.
        let f = q.protos[0];
        assert!(std::rc::Rc::ptr_eq(&q.source, &f.source));
        assert_eq!(&*f.protos[0].source, "@other.lua");
    }

    #[test]
    fn header_errors() {
        let mut heap = Heap::new();
        let good = dump(&proto(&[ret(0)], 0, 1));
        let msg = |b: &[u8], heap: &mut Heap| load(heap, b).unwrap_err().to_string();
        assert_eq!(msg(b"", &mut heap), "bad magic: not a vm bytecode file");
        assert_eq!(
            msg(b"\x1bLua\x51\0", &mut heap),
            "bad magic: not a vm bytecode file"
        );
        let mut b = good.clone();
        b[4] = 7;
        assert_eq!(
            msg(&b, &mut heap),
            "unsupported format version 7 (this vm reads version 3)"
        );
        let mut b = good.clone();
        b[6] = 1;
        assert!(msg(&b, &mut heap).starts_with("unsupported flags 0x0001"));
        assert_eq!(
            msg(&good[..6], &mut heap),
            "truncated file at offset 6 (reading the file header)"
        );
        let mut b = good.clone();
        b.push(0);
        assert_eq!(
            msg(&b, &mut heap),
            format!(
                "malformed file at offset {}: 1 unexpected byte(s) after the main function",
                good.len()
            )
        );
    }

    /// (tag, offset of the tag byte) of the top-level function's sections.
    fn sections(b: &[u8]) -> Vec<(u8, usize)> {
        let mut out = Vec::new();
        let mut pos = 8;
        while pos < b.len() {
            let t = b[pos];
            let len = u32::from_le_bytes(b[pos + 1..pos + 5].try_into().unwrap()) as usize;
            out.push((t, pos));
            pos += 5 + len;
            if t == tag::END {
                break;
            }
        }
        out
    }

    fn section_at(b: &[u8], t: u8) -> usize {
        sections(b).iter().find(|s| s.0 == t).unwrap().1
    }

    /// Offsets of every section length field and item count, at every nesting level.
    fn length_fields(b: &[u8]) -> Vec<usize> {
        fn walk(b: &[u8], mut pos: usize, out: &mut Vec<usize>) -> usize {
            loop {
                let t = b[pos];
                let len = u32::from_le_bytes(b[pos + 1..pos + 5].try_into().unwrap()) as usize;
                out.push(pos + 1);
                if t != tag::INFO && t != tag::END {
                    out.push(pos + 5);
                }
                if t == tag::PROTOS {
                    let n = u32::from_le_bytes(b[pos + 5..pos + 9].try_into().unwrap());
                    let mut p = pos + 9;
                    for _ in 0..n {
                        p = walk(b, p, out);
                    }
                }
                pos += 5 + len;
                if t == tag::END {
                    return pos;
                }
            }
        }
        let mut out = Vec::new();
        walk(b, 8, &mut out);
        out
    }

    #[test]
    fn section_errors() {
        let mut heap = Heap::new();
        let mut p = proto(&[Instr::a(LoadK, 0), Instr::a(Pop, 1), ret(0)], 0, 1);
        p.consts = vec![s(&mut heap, b"hello")];
        p.line_defined = 10;
        let good = dump(&p);
        let consts = section_at(&good, tag::CONSTS);
        let msg = |b: &[u8], heap: &mut Heap| load(heap, b).unwrap_err().to_string();

        let mut b = good.clone();
        b[consts] = 42;
        assert_eq!(
            msg(&b, &mut heap),
            format!(
                "malformed file at offset {consts}: unknown section tag 42 in function \
                 <prog.lua:10> where section CONSTS was expected (format version 3)"
            )
        );
        let mut b = good.clone();
        b[consts + 5..consts + 9].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(msg(&b, &mut heap).contains(
            "section CONSTS of function <prog.lua:10> claims 4294967295 item(s) but has only \
             10 byte(s) left"
        ));
        let mut b = good.clone();
        b[consts + 10..consts + 14].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(msg(&b, &mut heap).contains(
            "constant 0 of function <prog.lua:10> needs 4294967295 byte(s) but its section has \
             only 5 left"
        ));
        let mut b = good.clone();
        b[consts + 9] = 3;
        assert!(msg(&b, &mut heap).contains("constant 0 of function <prog.lua:10> has type tag 3"));
        let info = section_at(&good, tag::INFO);
        let mut b = good.clone();
        b[info + 1] += 1;
        assert!(msg(&b, &mut heap).contains("1 unread byte(s) at the end of section INFO"));
        let code = section_at(&good, tag::CODE);
        let mut b = good[..code + 12].to_vec();
        b.extend_from_slice(&[0; 4]);
        let m = msg(&b, &mut heap);
        assert_eq!(
            m,
            format!(
                "truncated file at offset {} (section CODE of function <prog.lua:10> declares \
                 16 byte(s), only 11 remain)",
                code + 5
            )
        );
        // Verification errors name the function and pc.
        let mut p = proto(&[Instr::sj(Jmp, 97), ret(0)], 0, 1);
        p.line_defined = 10;
        assert_eq!(
            msg(&dump(&p), &mut heap),
            "verification failed in function <prog.lua:10> at pc 1: jump target 99 out of \
             range (code has 2 words)"
        );
    }

    #[test]
    fn nesting_depth_is_limited() {
        let mut heap = Heap::new();
        let ok = nested_chain(&mut heap, MAX_DEPTH);
        load(&mut heap, &dump(&ok)).unwrap();
        let deep = nested_chain(&mut heap, MAX_DEPTH + 1);
        let e = load(&mut heap, &dump(&deep)).unwrap_err().to_string();
        assert!(
            e.contains("functions nested more than 200 levels deep"),
            "{e}"
        );
    }

    #[test]
    fn every_truncation_fails() {
        let mut heap = Heap::new();
        for file in valid_files(&mut heap) {
            load(&mut heap, &file).unwrap();
            for len in 0..file.len() {
                match load(&mut heap, &file[..len]) {
                    Err(LoadError::BadMagic) => assert_eq!(len, 0),
                    Err(LoadError::Truncated { .. }) => {}
                    other => panic!("truncation to {len} bytes gave {other:?}"),
                }
            }
        }
    }

    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn mutate(rng: &mut XorShift, b: &mut Vec<u8>, lengths: &[usize]) {
        const HUGE: [u32; 5] = [u32::MAX, 0x7FFF_FFFF, 0x8000_0000, 0x0100_0000, 0xFFFF];
        if b.is_empty() {
            b.push(0x1b);
        }
        match rng.below(8) {
            0 => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            2 => {
                let n = rng.below(b.len());
                b.truncate(n.max(1));
            }
            3 => {
                let i = rng.below(b.len() + 1);
                for _ in 0..1 + rng.below(8) {
                    b.insert(i.min(b.len()), rng.next() as u8);
                }
            }
            4 => {
                let i = rng.below(b.len());
                let n = (1 + rng.below(8)).min(b.len() - i);
                b.drain(i..i + n);
            }
            5 => {
                if b.len() >= 4 {
                    let i = rng.below(b.len() - 3);
                    b[i..i + 4].copy_from_slice(&HUGE[rng.below(HUGE.len())].to_le_bytes());
                }
            }
            6 => {
                // A section length or item count.
                let i = lengths[rng.below(lengths.len())];
                if i + 4 <= b.len() {
                    let v = if rng.below(2) == 0 {
                        HUGE[rng.below(HUGE.len())]
                    } else {
                        let old = u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
                        old.wrapping_add(rng.below(5) as u32).wrapping_sub(2)
                    };
                    b[i..i + 4].copy_from_slice(&v.to_le_bytes());
                }
            }
            _ => {
                // A small change to a byte after the header.
                if b.len() > 8 {
                    let i = 8 + rng.below(b.len() - 8);
                    b[i] = b[i].wrapping_add(1 + rng.below(3) as u8);
                }
            }
        }
    }

    #[test]
    fn mutated_files_never_panic() {
        let mut heap = Heap::new();
        let files = valid_files(&mut heap);
        let lengths: Vec<Vec<usize>> = files.iter().map(|f| length_fields(f)).collect();
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let (mut ok, mut err) = (0, 0);
        for iter in 0..4000 {
            let which = rng.below(files.len());
            let mut b = files[which].clone();
            for _ in 0..1 + rng.below(3) {
                mutate(&mut rng, &mut b, &lengths[which]);
            }
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut heap = Heap::new();
                match load(&mut heap, &b) {
                    Ok(p) => {
                        verify(&p).expect("load returned an unverified function");
                        let _ = disassemble(&p);
                        let again = dump(&p);
                        let q = load(&mut heap, &again).expect("reload of a loaded file");
                        assert_eq!(dump(&q), again);
                        true
                    }
                    Err(e) => {
                        assert!(!e.to_string().is_empty());
                        false
                    }
                }
            }));
            match r {
                Ok(true) => ok += 1,
                Ok(false) => err += 1,
                Err(_) => panic!("load panicked on iteration {iter}: {b:02x?}"),
            }
        }
        eprintln!("{ok} accepted, {err} rejected");
        assert!(err > 1000, "{ok} accepted, {err} rejected");
    }

    // -----------------------------------------------------------------------------------------
    // The corpus of broken files in tests/bc-corpus (regenerate with REGEN_BC_CORPUS=1).

    /// (file name, bytes, expected message fragment).
    fn corpus(heap: &mut Heap) -> Vec<(&'static str, Vec<u8>, &'static str)> {
        let mut p = proto(
            &[
                Instr::a(GetGlobal, 0),
                Instr::a(LoadK, 1),
                Instr::abc(Call, 0, 2, 1),
                ret(0),
            ],
            0,
            2,
        );
        p.consts = vec![s(heap, b"print"), s(heap, b"hello")];
        let good = dump(&p);
        let consts = section_at(&good, tag::CONSTS);
        let code = section_at(&good, tag::CODE);
        let patched = |at: usize, bytes: &[u8]| {
            let mut b = good.clone();
            b[at..at + bytes.len()].copy_from_slice(bytes);
            b
        };
        // Replaces instruction `i` of the good program's main function.
        let with_code = |i: usize, ins: Instr| patched(code + 9 + 4 * i, &ins.0.to_le_bytes());

        let mut out = vec![
            (
                "bad_magic.bc",
                patched(0, b"\x1bLua"),
                "bad magic: not a vm bytecode file",
            ),
            (
                "future_version.bc",
                patched(4, &7u16.to_le_bytes()),
                "unsupported format version 7 (this vm reads version 3)",
            ),
            (
                "truncated.bc",
                good[..good.len() / 2].to_vec(),
                "truncated file at offset",
            ),
            (
                "unknown_section.bc",
                patched(consts, &[42]),
                "unknown section tag 42",
            ),
            (
                "huge_constant_count.bc",
                patched(consts + 5, &u32::MAX.to_le_bytes()),
                "claims 4294967295 item(s)",
            ),
            (
                "huge_string_length.bc",
                patched(consts + 10, &u32::MAX.to_le_bytes()),
                "constant 0 of main chunk <prog.lua> needs 4294967295 byte(s)",
            ),
            (
                "boolean_constant.bc",
                patched(consts + 9, &[3]),
                "has type tag 3; only numbers (1) and strings (2)",
            ),
            (
                "trailing_garbage.bc",
                [&good[..], b"junk"].concat(),
                "4 unexpected byte(s) after the main function",
            ),
            (
                "bad_opcode.bc",
                with_code(1, Instr(0xEE)),
                "at pc 2: invalid opcode 238",
            ),
            (
                "jump_out_of_range.bc",
                with_code(3, Instr::sj(Jmp, 1000)),
                "at pc 4: jump target 1005 out of range",
            ),
            (
                "stack_underflow.bc",
                with_code(1, Instr::n(Add)),
                "at pc 2: stack underflow: ADD needs 2 operand(s), stack height is 1",
            ),
        ];
        p.consts[0] = Value::number(1.0);
        out.push((
            "global_name_not_string.bc",
            dump(&p),
            "at pc 1: GETGLOBAL needs a string constant, constant 0 is a number",
        ));
        let mut q = proto(&[Instr::a(Vararg, 0), Instr::a(Pop, 1), ret(0)], 0, 1);
        q.is_vararg = true;
        out.push((
            "open_results_not_consumed.bc",
            dump(&q),
            "at pc 2: POP follows an instruction with open results",
        ));
        let mut child = proto(&[ret(0)], 0, 1);
        child.upvals = vec![upval(true, 3, "x")];
        child.line_defined = 2;
        child.last_line = 2;
        let child = heap.alloc(child);
        let mut q = proto(&[Instr::a(Closure, 0), Instr::a(Pop, 1), ret(1)], 1, 2);
        q.protos = vec![child];
        out.push((
            "bad_upvalue.bc",
            dump(&q),
            "upvalue 0 'x' of nested function 0 (function <prog.lua:2>) refers to slot 3",
        ));
        out.push((
            "too_deep.bc",
            dump(&nested_chain(heap, 250)),
            "functions nested more than 200 levels deep",
        ));
        out
    }

    #[test]
    fn corpus_files_are_rejected() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bc-corpus");
        let mut heap = Heap::new();
        let corpus = corpus(&mut heap);
        if std::env::var_os("REGEN_BC_CORPUS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            for (name, bytes, _) in &corpus {
                std::fs::write(dir.join(name), bytes).unwrap();
            }
        }
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".bc"))
            .collect();
        on_disk.sort();
        let mut expected: Vec<String> = corpus.iter().map(|c| c.0.to_string()).collect();
        expected.sort();
        assert_eq!(on_disk, expected, "tests/bc-corpus is out of date");
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
        for (name, bytes, want) in &corpus {
            let file = std::fs::read(dir.join(name)).unwrap();
            assert_eq!(
                &file, bytes,
                "{name} differs; regenerate with REGEN_BC_CORPUS=1"
            );
            let e = load(&mut heap, &file).unwrap_err().to_string();
            assert!(e.contains(want), "{name}: {e:?} does not contain {want:?}");
            assert!(readme.contains(name), "README.md does not describe {name}");
        }
    }
}
