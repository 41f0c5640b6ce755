//! NaN-boxed values.
//!
//! Every Lua value is one 64-bit word. Doubles are stored as themselves; every
//! other type lives in the negative quiet-NaN space above the canonical NaN:
//!
//! ```text
//!  63      52 51  48 47                                             0
//! +----------+------+-----------------------------------------------+
//! | 1 1...1  | tag  |                48-bit payload                 |   tag 9..15
//! +----------+------+-----------------------------------------------+
//!  0xFFF9_xxxx_xxxx_xxxx  nil        (payload 0)
//!  0xFFFA_xxxx_xxxx_xxxx  boolean    (payload 0 = false, 1 = true)
//!  0xFFFB_xxxx_xxxx_xxxx  string     (payload = *GcBox<LuaStr>)
//!  0xFFFC_xxxx_xxxx_xxxx  table      (payload = *GcBox<Table>)
//!  0xFFFD_xxxx_xxxx_xxxx  function   (payload = *GcBox<Function>)
//!  0xFFFE_xxxx_xxxx_xxxx  userdata   (payload = *GcBox<Userdata>)
//!  0xFFFF_xxxx_xxxx_xxxx  thread     (payload = *GcBox<Thread>)
//! ```
//!
//! Any word below `NUMBER_LIMIT` (unsigned) is a double, so "is this a number?" is a single
//! unsigned compare. Doubles that are NaN are canonicalised to `CANON_NAN` when boxed, so no
//! arithmetic result can fall into the tag space (x86 produces `0xFFF8_0000_0000_0000`, which is
//! below the limit and therefore still a number; the sign of a NaN is kept, since Lua prints
//! `-nan` and `nan` differently). The layout is documented in
//! `docs/value.md`; the JIT's emitted code uses the same constants.

use crate::gc::{Gc, GcHeader};
use crate::object::{Function, LuaStr, Table, Thread, Userdata};
use std::fmt;

/// Words `>= NUMBER_LIMIT` are tagged non-number values.
pub const NUMBER_LIMIT: u64 = 0xFFF9_0000_0000_0000;
/// Shift of the tag (the top 16 bits).
pub const TAG_SHIFT: u32 = 48;
/// Mask of the 48-bit payload.
pub const PAYLOAD_MASK: u64 = 0x0000_FFFF_FFFF_FFFF;
/// The one NaN a boxed value may hold.
pub const CANON_NAN: u64 = 0x7FF8_0000_0000_0000;
const SIGN_BIT: u64 = 0x8000_0000_0000_0000;

pub const TAG_NIL: u64 = 0xFFF9;
pub const TAG_BOOL: u64 = 0xFFFA;
pub const TAG_STRING: u64 = 0xFFFB;
pub const TAG_TABLE: u64 = 0xFFFC;
pub const TAG_FUNCTION: u64 = 0xFFFD;
pub const TAG_USERDATA: u64 = 0xFFFE;
pub const TAG_THREAD: u64 = 0xFFFF;

pub const NIL_BITS: u64 = TAG_NIL << TAG_SHIFT;
pub const FALSE_BITS: u64 = TAG_BOOL << TAG_SHIFT;
pub const TRUE_BITS: u64 = (TAG_BOOL << TAG_SHIFT) | 1;

/// A Lua value. `Copy`: it holds no ownership; the GC keeps objects alive while reachable.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const _: () = assert!(std::mem::size_of::<Value>() == 8);

/// The type of a value, in Lua's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Nil,
    Boolean,
    Number,
    String,
    Table,
    Function,
    Userdata,
    Thread,
}

impl Type {
    /// The name `type()` returns.
    pub fn name(self) -> &'static str {
        match self {
            Type::Nil => "nil",
            Type::Boolean => "boolean",
            Type::Number => "number",
            Type::String => "string",
            Type::Table => "table",
            Type::Function => "function",
            Type::Userdata => "userdata",
            Type::Thread => "thread",
        }
    }
}

impl Value {
    pub const NIL: Value = Value(NIL_BITS);
    pub const FALSE: Value = Value(FALSE_BITS);
    pub const TRUE: Value = Value(TRUE_BITS);

    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }
    #[inline(always)]
    pub const fn to_bits(self) -> u64 {
        self.0
    }

    /// Boxes a double, canonicalising NaN (keeping its sign, which `print` shows as `-nan`).
    #[inline(always)]
    pub fn number(n: f64) -> Value {
        if n.is_nan() {
            Value(CANON_NAN | (n.to_bits() & SIGN_BIT))
        } else {
            Value(n.to_bits())
        }
    }
    /// Boxes the result of `+`, `-`, `*`, `/` or negation of two boxed numbers without
    /// looking for NaN. Boxed NaNs are canonical, and IEEE arithmetic on them yields either
    /// a quieted input NaN (canonical) or the hardware's default NaN (x86-64
    /// `0xFFF8_0000_0000_0000`, AArch64 and RISC-V `0x7FF8_0000_0000_0000`, both canonical:
    /// below the tag space, with the sign Lua prints as `-nan`/`nan`). Compiled code boxes
    /// its results the same way. Anything else (library functions, conversions) goes
    /// through `number`.
    #[inline(always)]
    pub fn number_arith(n: f64) -> Value {
        debug_assert!(!n.is_nan() || n.to_bits() & !SIGN_BIT == CANON_NAN);
        Value(n.to_bits())
    }

    /// `n` with a NaN replaced by the canonical NaN of the same sign (the number that
    /// `number` would box).
    #[inline(always)]
    pub fn canonical(n: f64) -> f64 {
        f64::from_bits(Value::number(n).0)
    }

    #[inline(always)]
    pub fn boolean(b: bool) -> Value {
        Value(FALSE_BITS | b as u64)
    }
    #[inline(always)]
    fn from_ptr(tag: u64, p: *const GcHeader) -> Value {
        let addr = p as u64;
        debug_assert!(addr & !PAYLOAD_MASK == 0, "pointer exceeds 48 bits");
        Value((tag << TAG_SHIFT) | addr)
    }
    #[inline(always)]
    pub fn string(s: Gc<LuaStr>) -> Value {
        Value::from_ptr(TAG_STRING, s.header())
    }
    #[inline(always)]
    pub fn table(t: Gc<Table>) -> Value {
        Value::from_ptr(TAG_TABLE, t.header())
    }
    #[inline(always)]
    pub fn function(f: Gc<Function>) -> Value {
        Value::from_ptr(TAG_FUNCTION, f.header())
    }
    #[inline(always)]
    pub fn userdata(u: Gc<Userdata>) -> Value {
        Value::from_ptr(TAG_USERDATA, u.header())
    }
    #[inline(always)]
    pub fn thread(t: Gc<Thread>) -> Value {
        Value::from_ptr(TAG_THREAD, t.header())
    }

    #[inline(always)]
    pub fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }
    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.0 < NUMBER_LIMIT
    }
    #[inline(always)]
    pub fn is_nil(self) -> bool {
        self.0 == NIL_BITS
    }
    #[inline(always)]
    pub fn is_falsy(self) -> bool {
        self.0 == NIL_BITS || self.0 == FALSE_BITS
    }
    #[inline(always)]
    pub fn is_truthy(self) -> bool {
        !self.is_falsy()
    }
    #[inline(always)]
    pub fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    #[inline(always)]
    pub fn is_table(self) -> bool {
        self.tag() == TAG_TABLE
    }
    #[inline(always)]
    pub fn is_function(self) -> bool {
        self.tag() == TAG_FUNCTION
    }
    /// True for values that point at a heap object.
    #[inline(always)]
    pub fn is_object(self) -> bool {
        self.0 >= (TAG_STRING << TAG_SHIFT)
    }

    /// The double, if this is a number.
    #[inline(always)]
    pub fn as_number(self) -> Option<f64> {
        if self.is_number() {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }
    /// The double; only meaningful when `is_number()`.
    #[inline(always)]
    pub fn num_unchecked(self) -> f64 {
        f64::from_bits(self.0)
    }
    #[inline(always)]
    pub fn as_bool(self) -> Option<bool> {
        if self.tag() == TAG_BOOL {
            Some(self.0 & 1 == 1)
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn payload(self) -> u64 {
        self.0 & PAYLOAD_MASK
    }
    /// The object header, if this value points at a heap object.
    #[inline(always)]
    pub fn as_header(self) -> Option<*mut GcHeader> {
        if self.is_object() {
            Some(self.payload() as *mut GcHeader)
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn as_string(self) -> Option<Gc<LuaStr>> {
        if self.tag() == TAG_STRING {
            // SAFETY: the string tag is only ever paired with a pointer to a live GcBox<LuaStr>
            // (constructed by `Value::string`), and the GC keeps reachable objects alive.
            Some(unsafe { Gc::from_header(self.payload() as *mut GcHeader) })
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn as_table(self) -> Option<Gc<Table>> {
        if self.tag() == TAG_TABLE {
            // SAFETY: the table tag is only paired with a pointer to a live GcBox<Table>.
            Some(unsafe { Gc::from_header(self.payload() as *mut GcHeader) })
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn as_function(self) -> Option<Gc<Function>> {
        if self.tag() == TAG_FUNCTION {
            // SAFETY: the function tag is only paired with a pointer to a live GcBox<Function>.
            Some(unsafe { Gc::from_header(self.payload() as *mut GcHeader) })
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn as_userdata(self) -> Option<Gc<Userdata>> {
        if self.tag() == TAG_USERDATA {
            // SAFETY: the userdata tag is only paired with a pointer to a live GcBox<Userdata>.
            Some(unsafe { Gc::from_header(self.payload() as *mut GcHeader) })
        } else {
            None
        }
    }
    #[inline(always)]
    pub fn as_thread(self) -> Option<Gc<Thread>> {
        if self.tag() == TAG_THREAD {
            // SAFETY: the thread tag is only paired with a pointer to a live GcBox<Thread>.
            Some(unsafe { Gc::from_header(self.payload() as *mut GcHeader) })
        } else {
            None
        }
    }

    pub fn type_of(self) -> Type {
        if self.is_number() {
            return Type::Number;
        }
        match self.tag() {
            TAG_NIL => Type::Nil,
            TAG_BOOL => Type::Boolean,
            TAG_STRING => Type::String,
            TAG_TABLE => Type::Table,
            TAG_FUNCTION => Type::Function,
            TAG_USERDATA => Type::Userdata,
            _ => Type::Thread,
        }
    }
    pub fn type_name(self) -> &'static str {
        self.type_of().name()
    }

    /// Raw equality (no metamethods): numbers compare as doubles (so NaN ~= NaN and
    /// 0 == -0), everything else by identity (strings are interned).
    #[inline(always)]
    pub fn raw_eq(self, other: Value) -> bool {
        if self.is_number() && other.is_number() {
            self.num_unchecked() == other.num_unchecked()
        } else {
            self.0 == other.0
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.type_of() {
            Type::Nil => write!(f, "nil"),
            Type::Boolean => write!(f, "{}", self.0 & 1 == 1),
            Type::Number => write!(f, "{}", self.num_unchecked()),
            Type::String => {
                let s = self.as_string().unwrap();
                write!(f, "{:?}", String::from_utf8_lossy(s.as_bytes()))
            }
            t => write!(f, "{}: 0x{:012x}", t.name(), self.payload()),
        }
    }
}

impl Default for Value {
    fn default() -> Self {
        Value::NIL
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::number(n)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::boolean(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for &n in &[
            0.0,
            -0.0,
            1.0,
            -1.5,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            1e-310,
        ] {
            let v = Value::number(n);
            assert!(v.is_number());
            assert_eq!(v.as_number().unwrap().to_bits(), n.to_bits());
            assert_eq!(v.type_name(), "number");
        }
    }

    #[test]
    fn infinities_and_nan() {
        let inf = Value::number(f64::INFINITY);
        let ninf = Value::number(f64::NEG_INFINITY);
        assert!(inf.is_number() && ninf.is_number());
        assert_eq!(inf.num_unchecked(), f64::INFINITY);
        assert_eq!(ninf.num_unchecked(), f64::NEG_INFINITY);
        // x86's default NaN and a NaN with a payload in the tag space both canonicalise.
        let x86_nan = f64::from_bits(0xFFF8_0000_0000_0000);
        let evil = f64::from_bits(0xFFFC_0000_0000_1234);
        let evil_pos = f64::from_bits(0x7FFC_0000_0000_1234);
        for n in [f64::NAN, x86_nan, evil, -f64::NAN, evil_pos] {
            let v = Value::number(n);
            assert!(v.is_number());
            assert_eq!(v.to_bits() & !SIGN_BIT, CANON_NAN);
            assert_eq!(v.to_bits() & SIGN_BIT, n.to_bits() & SIGN_BIT, "sign kept");
            assert!(!v.raw_eq(v), "NaN is not equal to itself");
        }
    }

    #[test]
    fn negative_zero_equals_zero() {
        let z = Value::number(0.0);
        let nz = Value::number(-0.0);
        assert_ne!(z.to_bits(), nz.to_bits());
        assert!(z.raw_eq(nz));
        assert!(nz.num_unchecked().is_sign_negative());
    }

    #[test]
    fn nil_and_booleans() {
        assert!(Value::NIL.is_nil() && Value::NIL.is_falsy() && !Value::NIL.is_number());
        assert!(Value::FALSE.is_falsy() && Value::TRUE.is_truthy());
        assert_eq!(Value::boolean(true), Value::TRUE);
        assert_eq!(Value::boolean(false), Value::FALSE);
        assert_eq!(Value::TRUE.as_bool(), Some(true));
        assert_eq!(Value::NIL.as_bool(), None);
        assert_eq!(Value::NIL.type_name(), "nil");
        assert_eq!(Value::TRUE.type_name(), "boolean");
        assert!(Value::number(0.0).is_truthy(), "0 is true in Lua");
        assert!(!Value::NIL.is_object() && !Value::TRUE.is_object());
    }

    #[test]
    fn tags_are_above_every_number() {
        for tag in [
            TAG_NIL,
            TAG_BOOL,
            TAG_STRING,
            TAG_TABLE,
            TAG_FUNCTION,
            TAG_USERDATA,
            TAG_THREAD,
        ] {
            assert!((tag << TAG_SHIFT) >= NUMBER_LIMIT);
        }
        assert!(f64::NEG_INFINITY.to_bits() < NUMBER_LIMIT);
        const _: () = assert!(0xFFF8_0000_0000_0000u64 < NUMBER_LIMIT);
    }
}
