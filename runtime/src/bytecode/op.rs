//! The opcode table: every opcode is declared once, here.
//!
//! Each row gives the mnemonic, the encoding format, what each operand field refers to, the
//! stack effect and a one-line semantics. The `Op` enum, names, decoding, the verifier's stack
//! model and the disassembler are all derived from this table, so an opcode cannot be half
//! added.
//!
//! Instruction words are 32 bits, opcode in the low byte:
//!
//! ```text
//!  31        24 23        16 15         8 7          0
//! +------------+------------+------------+------------+
//! |                 A (24 bits)          |     op     |   Format::A
//! |        B (16 bits)      |  A (8)     |     op     |   Format::AB
//! |   C (8)    |   B (8)    |  A (8)     |     op     |   Format::ABC
//! |            sJ (signed 24 bits)       |     op     |   Format::SJ
//! |       sJ (signed 16)    |  A (8)     |     op     |   Format::ASJ
//! +------------+------------+------------+------------+
//! ```
//!
//! A jump offset is relative to the next instruction. Slots are frame-relative: slot `i` is
//! `base + i`; the fixed slots (parameters and locals) come first and the operand stack grows
//! above them. `SETLIST` is followed by one data word (the array index of its first value).
//!
//! Stack effects are written `pops/pushes`; `open` means "all values up to the stack top",
//! produced by a multi-result `CALL` or `VARARG` and consumed only by the instruction that
//! immediately follows (a `CALL`, `RETURN` or `SETLIST` with a count operand of 0).

/// How the operand fields are packed into the word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    N,
    A,
    AB,
    ABC,
    SJ,
    ASJ,
}

/// What an operand field refers to (for the verifier and the disassembler).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    None,
    /// A frame slot.
    Slot,
    /// A fixed slot (a parameter or local, always initialised): `< num_slots`.
    Local,
    /// A constant index.
    Const,
    /// A constant index that must hold a string.
    StrConst,
    /// An upvalue index.
    Upval,
    /// A nested prototype index.
    Proto,
    /// A plain count or flag.
    Count,
    /// `count + 1`, 0 meaning "open".
    CountOpen,
    /// A jump offset.
    Jump,
}

/// The stack effect column: `(pops, pushes)` or `var` (depends on operands or the branch).
macro_rules! effect {
    (($p:literal, $q:literal)) => {
        Effect::Fixed($p, $q)
    };
    (var) => {
        Effect::Var
    };
}

macro_rules! ops {
    ($( $name:ident = $mn:literal, $fmt:ident, [$a:ident, $b:ident, $c:ident], $fx:tt, $doc:literal; )*) => {
        /// Opcodes; the discriminant is the byte in the instruction word.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $( #[doc = $doc] $name, )* }

        /// Number of opcodes.
        pub const NUM_OPS: usize = [$(Op::$name),*].len();

        const INFO: [OpInfo; NUM_OPS] = [$(
            OpInfo {
                name: $mn,
                format: Format::$fmt,
                operands: [Operand::$a, Operand::$b, Operand::$c],
                effect: effect!($fx),
                doc: $doc,
            },
        )*];

        const ALL: [Op; NUM_OPS] = [$(Op::$name),*];
    };
}

/// How an opcode changes the operand-stack height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Always pops the first number of values and pushes the second.
    Fixed(u32, u32),
    /// Depends on the operands or on the branch taken; the semantics line says how and the
    /// verifier models it per opcode.
    Var,
}

/// Static facts about an opcode.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    pub name: &'static str,
    pub format: Format,
    pub operands: [Operand; 3],
    pub effect: Effect,
    pub doc: &'static str,
}

ops! {
    Nop = "NOP", N, [None, None, None], (0, 0), "0/0: nothing";
    LoadNil = "LOADNIL", A, [Count, None, None], var, "0/A: push A nils";
    LoadTrue = "LOADTRUE", N, [None, None, None], (0, 1), "0/1: push true";
    LoadFalse = "LOADFALSE", N, [None, None, None], (0, 1), "0/1: push false";
    LoadK = "LOADK", A, [Const, None, None], (0, 1), "0/1: push K[A]";
    GetLocal = "GETLOCAL", A, [Slot, None, None], (0, 1), "0/1: push slot A";
    SetLocal = "SETLOCAL", A, [Slot, None, None], (1, 0), "1/0: slot A = pop";
    GetUpval = "GETUPVAL", A, [Upval, None, None], (0, 1), "0/1: push upvalue A";
    SetUpval = "SETUPVAL", A, [Upval, None, None], (1, 0), "1/0: upvalue A = pop";
    GetGlobal = "GETGLOBAL", A, [StrConst, None, None], (0, 1), "0/1: push env[K[A]]";
    SetGlobal = "SETGLOBAL", A, [StrConst, None, None], (1, 0), "1/0: env[K[A]] = pop";
    GetTable = "GETTABLE", N, [None, None, None], (2, 1), "2/1: t k -> t[k]";
    GetField = "GETFIELD", A, [StrConst, None, None], (1, 1), "1/1: t -> t[K[A]]";
    SetTable = "SETTABLE", N, [None, None, None], (3, 0), "3/0: t k v -> (t[k] = v)";
    SetField = "SETFIELD", A, [StrConst, None, None], (2, 0), "2/0: t v -> (t[K[A]] = v)";
    SetIndex = "SETINDEX", A, [Count, None, None], (1, 0), "1/0: v = pop; stack[top-A-1][stack[top-A]] = v (t and k stay)";
    TSet = "TSET", A, [Count, None, None], (2, 0), "2/0: v = pop; k = pop; stack[top-A-1][k] = v (constructor fields; A values lie between the table and k)";
    SelfOp = "SELF", A, [StrConst, None, None], (1, 2), "1/2: o -> o[K[A]] o";
    NewTable = "NEWTABLE", AB, [Count, Count, None], (0, 1), "0/1: push a table sized for fb2int(A) items and fb2int(B) fields";
    SetList = "SETLIST", ABC, [Slot, CountOpen, None], var, "B-1 (or open)/0: t = slot A; t[n+i-1] = value i, n in the next word";
    Add = "ADD", N, [None, None, None], (2, 1), "2/1: a b -> a + b";
    Sub = "SUB", N, [None, None, None], (2, 1), "2/1: a b -> a - b";
    Mul = "MUL", N, [None, None, None], (2, 1), "2/1: a b -> a * b";
    Div = "DIV", N, [None, None, None], (2, 1), "2/1: a b -> a / b";
    Mod = "MOD", N, [None, None, None], (2, 1), "2/1: a b -> a % b";
    Pow = "POW", N, [None, None, None], (2, 1), "2/1: a b -> a ^ b";
    AddLL = "ADDLL", AB, [Local, Local, None], (0, 1), "0/1: push local A + local B";
    AddLK = "ADDLK", AB, [Local, Const, None], (0, 1), "0/1: push local A + K[B]";
    SAddLL = "SADDLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B + local C";
    SAddLK = "SADDLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B + K[C]";
    SubLL = "SUBLL", AB, [Local, Local, None], (0, 1), "0/1: push local A - local B";
    SubLK = "SUBLK", AB, [Local, Const, None], (0, 1), "0/1: push local A - K[B]";
    SSubLL = "SSUBLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B - local C";
    SSubLK = "SSUBLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B - K[C]";
    MulLL = "MULLL", AB, [Local, Local, None], (0, 1), "0/1: push local A * local B";
    MulLK = "MULLK", AB, [Local, Const, None], (0, 1), "0/1: push local A * K[B]";
    SMulLL = "SMULLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B * local C";
    SMulLK = "SMULLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B * K[C]";
    DivLL = "DIVLL", AB, [Local, Local, None], (0, 1), "0/1: push local A / local B";
    DivLK = "DIVLK", AB, [Local, Const, None], (0, 1), "0/1: push local A / K[B]";
    SDivLL = "SDIVLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B / local C";
    SDivLK = "SDIVLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B / K[C]";
    ModLL = "MODLL", AB, [Local, Local, None], (0, 1), "0/1: push local A % local B";
    ModLK = "MODLK", AB, [Local, Const, None], (0, 1), "0/1: push local A % K[B]";
    SModLL = "SMODLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B % local C";
    SModLK = "SMODLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B % K[C]";
    PowLL = "POWLL", AB, [Local, Local, None], (0, 1), "0/1: push local A ^ local B";
    PowLK = "POWLK", AB, [Local, Const, None], (0, 1), "0/1: push local A ^ K[B]";
    SPowLL = "SPOWLL", ABC, [Local, Local, Local], (0, 0), "0/0: local A = local B ^ local C";
    SPowLK = "SPOWLK", ABC, [Local, Local, Const], (0, 0), "0/0: local A = local B ^ K[C]";
    Unm = "UNM", N, [None, None, None], (1, 1), "1/1: a -> -a";
    Not = "NOT", N, [None, None, None], (1, 1), "1/1: a -> not a";
    Len = "LEN", N, [None, None, None], (1, 1), "1/1: a -> #a";
    Concat = "CONCAT", A, [Count, None, None], var, "A/1: a1 .. aA -> concatenation (A >= 2)";
    Eq = "EQ", N, [None, None, None], (2, 1), "2/1: a b -> a == b";
    Ne = "NE", N, [None, None, None], (2, 1), "2/1: a b -> a ~= b";
    Lt = "LT", A, [Count, None, None], (2, 1), "2/1: a b -> a < b (A=1: b < a, from `a > b`)";
    Le = "LE", A, [Count, None, None], (2, 1), "2/1: a b -> a <= b (A=1: b <= a, from `a >= b`)";
    JLtLL = "JLTLL", ABC, [Local, Local, Count], (0, 0), "0/0: c = local A < local B (C&4: local B < local A); if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    JLtLK = "JLTLK", ABC, [Local, Const, Count], (0, 0), "0/0: c = local A < K[B] (C&4: K[B] < local A); if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    JLeLL = "JLELL", ABC, [Local, Local, Count], (0, 0), "0/0: c = local A <= local B (C&4: swapped); if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    JLeLK = "JLELK", ABC, [Local, Const, Count], (0, 0), "0/0: c = local A <= K[B] (C&4: swapped); if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    JEqLL = "JEQLL", ABC, [Local, Local, Count], (0, 0), "0/0: c = local A == local B; if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    JEqLK = "JEQLK", ABC, [Local, Const, Count], (0, 0), "0/0: c = local A == K[B]; if c ~= (C&2 ~= 0) then pc += next word; the next word is data";
    Jmp = "JMP", SJ, [Jump, None, None], (0, 0), "0/0: pc += sJ";
    JmpF = "JMPF", SJ, [Jump, None, None], (1, 0), "1/0: if not pop then pc += sJ";
    JmpT = "JMPT", SJ, [Jump, None, None], (1, 0), "1/0: if pop then pc += sJ";
    AndJ = "ANDJ", SJ, [Jump, None, None], var, "1/0 or 0/0: if not top then pc += sJ (keep it) else pop";
    OrJ = "ORJ", SJ, [Jump, None, None], var, "1/0 or 0/0: if top then pc += sJ (keep it) else pop";
    Call = "CALL", ABC, [Slot, CountOpen, CountOpen], var, "call slot A with B-1 args (open if 0); C-1 results (open if 0) from slot A";
    TailCall = "TAILCALL", AB, [Slot, CountOpen, None], var, "call slot A with B-1 args (open if 0), open results; a Lua callee replaces this frame, otherwise the RETURN A 0 that must follow returns the results";
    Return = "RETURN", AB, [Slot, CountOpen, None], var, "return B-1 values (open if 0) from slot A";
    Vararg = "VARARG", A, [CountOpen, None, None], var, "0/A-1 (open if 0): push the varargs";
    Closure = "CLOSURE", A, [Proto, None, None], (0, 1), "0/1: push a closure of prototype A";
    Close = "CLOSE", A, [Slot, None, None], (0, 0), "0/0: close upvalues of slots >= A";
    Pop = "POP", A, [Count, None, None], var, "A/0: drop A values";
    ForPrep = "FORPREP", ASJ, [Slot, Jump, None], (3, 0), "3/0: slots A..A+2 = start limit step (checked numbers); slot A -= step; pc += sJ (to the FORLOOP)";
    ForLoop = "FORLOOP", ASJ, [Slot, Jump, None], (0, 0), "0/0: A += A+2; if within A+1 then slot A+3 = A; pc += sJ";
    TForLoop = "TFORLOOP", ASJ, [Slot, Jump, None], (0, 0), "0/0: if slot A+3 ~= nil then slot A+2 = slot A+3; pc += sJ";
    GetFieldL = "GETFIELDL", AB, [Local, StrConst, None], (0, 1), "0/1: push local A[K[B]]";
    GetTableLL = "GETTABLELL", AB, [Local, Local, None], (0, 1), "0/1: push local A[local B]";
    AddTL = "ADDTL", A, [Local, None, None], (1, 1), "1/1: a -> a + local A";
    SubTL = "SUBTL", A, [Local, None, None], (1, 1), "1/1: a -> a - local A";
    MulTL = "MULTL", A, [Local, None, None], (1, 1), "1/1: a -> a * local A";
    DivTL = "DIVTL", A, [Local, None, None], (1, 1), "1/1: a -> a / local A";
    ModTL = "MODTL", A, [Local, None, None], (1, 1), "1/1: a -> a % local A";
    PowTL = "POWTL", A, [Local, None, None], (1, 1), "1/1: a -> a ^ local A";
    AddTK = "ADDTK", A, [Const, None, None], (1, 1), "1/1: a -> a + K[A]";
    SubTK = "SUBTK", A, [Const, None, None], (1, 1), "1/1: a -> a - K[A]";
    MulTK = "MULTK", A, [Const, None, None], (1, 1), "1/1: a -> a * K[A]";
    DivTK = "DIVTK", A, [Const, None, None], (1, 1), "1/1: a -> a / K[A]";
    ModTK = "MODTK", A, [Const, None, None], (1, 1), "1/1: a -> a % K[A]";
    PowTK = "POWTK", A, [Const, None, None], (1, 1), "1/1: a -> a ^ K[A]";
    SetTableLL = "SETTABLELL", AB, [Local, Local, None], (1, 0), "1/0: local A[local B] = pop";
    SetFieldL = "SETFIELDL", AB, [Local, StrConst, None], (1, 0), "1/0: local A[K[B]] = pop";
}

impl Op {
    #[inline(always)]
    pub fn info(self) -> &'static OpInfo {
        &INFO[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.info().name
    }
    #[inline(always)]
    pub fn from_u8(b: u8) -> Option<Op> {
        ALL.get(b as usize).copied()
    }
    /// Decode an opcode byte known to be valid.
    ///
    /// # Safety
    /// `b < NUM_OPS` (guaranteed for verified code: the verifier rejects any other byte).
    #[inline(always)]
    pub unsafe fn from_u8_unchecked(b: u8) -> Op {
        debug_assert!((b as usize) < NUM_OPS);
        // SAFETY: `Op` is `repr(u8)` with discriminants 0..NUM_OPS, and the caller guarantees
        // `b` is one of them.
        unsafe { std::mem::transmute::<u8, Op>(b) }
    }
    /// Words following the instruction that hold data.
    pub fn extra_words(self) -> usize {
        match self {
            Op::SetList | Op::JLtLL | Op::JLtLK | Op::JLeLL | Op::JLeLK | Op::JEqLL | Op::JEqLK => {
                1
            }
            _ => 0,
        }
    }
    /// Compare-and-jump ops keep their (signed) jump offset in the data word that follows;
    /// the offset is relative to the instruction after that word.
    pub fn jumps_by_data_word(self) -> bool {
        matches!(
            self,
            Op::JLtLL | Op::JLtLK | Op::JLeLL | Op::JLeLK | Op::JEqLL | Op::JEqLK
        )
    }
    /// Ends a basic block without falling through.
    pub fn is_terminator(self) -> bool {
        matches!(self, Op::Jmp | Op::Return | Op::ForPrep)
    }
    pub fn all() -> &'static [Op] {
        &ALL
    }
}

/// A decoded instruction word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr(pub u32);

impl Instr {
    #[inline(always)]
    pub fn op_byte(self) -> u8 {
        self.0 as u8
    }
    #[inline(always)]
    pub fn op(self) -> Op {
        // Only verified or compiler-produced code is decoded with this; a bad byte maps to NOP.
        Op::from_u8(self.op_byte()).unwrap_or(Op::Nop)
    }
    /// The opcode of verified code (no validity check).
    ///
    /// # Safety
    /// The word's low byte must be a valid opcode.
    #[inline(always)]
    pub unsafe fn op_unchecked(self) -> Op {
        // SAFETY: forwarded to the caller.
        unsafe { Op::from_u8_unchecked(self.op_byte()) }
    }
    /// 24-bit A (Format::A).
    #[inline(always)]
    pub fn a24(self) -> u32 {
        self.0 >> 8
    }
    /// 8-bit A (Format::AB, ABC, ASJ).
    #[inline(always)]
    pub fn a8(self) -> u32 {
        (self.0 >> 8) & 0xFF
    }
    /// 16-bit B (Format::AB).
    #[inline(always)]
    pub fn b16(self) -> u32 {
        self.0 >> 16
    }
    /// 8-bit B (Format::ABC).
    #[inline(always)]
    pub fn b8(self) -> u32 {
        (self.0 >> 16) & 0xFF
    }
    /// 8-bit C (Format::ABC).
    #[inline(always)]
    pub fn c8(self) -> u32 {
        self.0 >> 24
    }
    /// Signed 24-bit jump (Format::SJ).
    #[inline(always)]
    pub fn sj24(self) -> i32 {
        (self.0 as i32) >> 8
    }
    /// Signed 16-bit jump (Format::ASJ).
    #[inline(always)]
    pub fn sj16(self) -> i32 {
        (self.0 as i32) >> 16
    }

    pub fn n(op: Op) -> Instr {
        Instr(op as u32)
    }
    pub fn a(op: Op, a: u32) -> Instr {
        debug_assert!(a < (1 << 24));
        Instr(op as u32 | (a << 8))
    }
    pub fn ab(op: Op, a: u32, b: u32) -> Instr {
        debug_assert!(a < 256 && b < 65536);
        Instr(op as u32 | (a << 8) | (b << 16))
    }
    pub fn abc(op: Op, a: u32, b: u32, c: u32) -> Instr {
        debug_assert!(a < 256 && b < 256 && c < 256);
        Instr(op as u32 | (a << 8) | (b << 16) | (c << 24))
    }
    pub fn sj(op: Op, off: i32) -> Instr {
        Instr(op as u32 | (((off as u32) & 0xFF_FFFF) << 8))
    }
    pub fn asj(op: Op, a: u32, off: i32) -> Instr {
        debug_assert!(a < 256);
        Instr(op as u32 | (a << 8) | (((off as u32) & 0xFFFF) << 16))
    }

    /// The operand fields as (A, B, C) per the opcode's format.
    pub fn fields(self) -> (i64, i64, i64) {
        match self.op().info().format {
            Format::N => (0, 0, 0),
            Format::A => (self.a24() as i64, 0, 0),
            Format::AB => (self.a8() as i64, self.b16() as i64, 0),
            Format::ABC => (self.a8() as i64, self.b8() as i64, self.c8() as i64),
            Format::SJ => (self.sj24() as i64, 0, 0),
            Format::ASJ => (self.a8() as i64, self.sj16() as i64, 0),
        }
    }

    /// The jump target, if this is a jump, given its own pc.
    pub fn jump_target(self, pc: usize) -> Option<i64> {
        if self.op().jumps_by_data_word() {
            return None;
        }
        match self.op().info().format {
            Format::SJ => Some(pc as i64 + 1 + self.sj24() as i64),
            Format::ASJ => Some(pc as i64 + 1 + self.sj16() as i64),
            _ => None,
        }
    }
}

/// The jump target of the instruction at `pc` of `code`, for every jump form (offsets in the
/// instruction word, or in the data word of compare-and-jump ops).
pub fn jump_target_in(code: &[u32], pc: usize) -> Option<i64> {
    let ins = Instr(*code.get(pc)?);
    if ins.op().jumps_by_data_word() {
        let w = *code.get(pc + 1)? as i32;
        return Some(pc as i64 + 2 + w as i64);
    }
    ins.jump_target(pc)
}

/// Maximum signed offset of each jump format.
pub const MAX_SJ24: i32 = (1 << 23) - 1;
pub const MAX_SJ16: i32 = (1 << 15) - 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        const _: () = assert!(NUM_OPS <= 256);
        for (i, op) in Op::all().iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Op::from_u8(i as u8), Some(*op));
            assert!(!op.name().is_empty());
        }
        assert_eq!(Op::from_u8(NUM_OPS as u8), None);
    }

    #[test]
    fn encodings_round_trip() {
        let i = Instr::abc(Op::Call, 7, 3, 0);
        assert_eq!((i.op(), i.a8(), i.b8(), i.c8()), (Op::Call, 7, 3, 0));
        let j = Instr::sj(Op::Jmp, -5);
        assert_eq!(j.sj24(), -5);
        assert_eq!(j.jump_target(10), Some(6));
        let k = Instr::asj(Op::ForLoop, 3, -300);
        assert_eq!((k.a8(), k.sj16()), (3, -300));
        let l = Instr::a(Op::LoadK, 0xABCDEF);
        assert_eq!(l.a24(), 0xABCDEF);
        let m = Instr::ab(Op::NewTable, 200, 65535);
        assert_eq!((m.a8(), m.b16()), (200, 65535));
    }
}
