//! The bytecode verifier.
//!
//! # What the interpreter may rely on after verification
//!
//! Verified code never reads or writes a frame slot outside `[base, base + max_stack)`, except
//! the *open results* region (the values of a multi-result `CALL` or `VARARG`, which the
//! interpreter grows the stack for dynamically and which the very next instruction consumes).
//! In detail, for every function that `verify` accepted:
//!
//! - every instruction word at an instruction boundary has a valid opcode, and every `SETLIST`
//!   is followed by its data word (`>= 1`); control never reaches a data word and never runs
//!   off the end of `code`;
//! - every operand is in range: slots `< max_stack` (`RETURN`'s A `<= max_stack`), fixed-slot
//!   operands (`GETLOCAL`, `SETLOCAL`, `CLOSE`; `FORPREP`/`FORLOOP`/`TFORLOOP` through `A+3`)
//!   `< num_slots`, constant/upvalue/prototype indices inside their tables, `StrConst` operands
//!   name string constants, jump targets are instruction boundaries;
//! - the operand stack height `h` (values above the `num_slots` fixed slots) is the same on
//!   every path reaching an instruction, never negative, and `num_slots + h <= max_stack`;
//!   every instruction finds the operands it pops already on the stack;
//! - an open result is consumed by the instruction that immediately follows it, which is a
//!   `CALL`/`TAILCALL`/`RETURN`/`SETLIST` with B = 0, and those forms only run on open input;
//!   `TAILCALL A B` (whose results are open) is always followed by `RETURN A 0`;
//! - constants are numbers or strings; `num_params <= num_slots <= max_stack <= MAX_STACK`;
//!   `lines` has one entry per code word; debug information (local variables, operand names)
//!   refers to existing pcs and slots; the upvalue descriptors of every nested prototype refer
//!   to an existing slot or upvalue of this function.
//!
//! The analysis is an abstract interpretation over operand stack heights with a worklist: each
//! instruction is visited once (its state is set when first reached and must match on every
//! later arrival), so it runs in linear time and uses no recursion. Unreachable instructions get
//! the operand range checks but no height analysis.
//!
//! Program counters in messages are 1-based, like the disassembler's listing.

use crate::bytecode::op::{Effect, Instr, Op, Operand};
use crate::object::Proto;
use std::fmt;

/// Upper bound on `max_stack`, so a hostile file cannot make a call allocate an absurd frame.
pub const MAX_STACK: u32 = 1 << 20;

/// Why a function was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// Which function, e.g. `function <prog.lua:10>` or `main chunk <prog.lua>`.
    pub function: String,
    /// The offending instruction (0-based index into `code`; shown 1-based), if any.
    pub pc: Option<usize>,
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pc {
            Some(pc) => write!(f, "{} at pc {}: {}", self.function, pc + 1, self.message),
            None => write!(f, "{}: {}", self.function, self.message),
        }
    }
}

impl std::error::Error for VerifyError {}

/// The source name as shown to users: a leading `@` or `=` (chunk name conventions) is dropped.
pub fn display_source(source: &str) -> &str {
    source
        .strip_prefix('@')
        .or_else(|| source.strip_prefix('='))
        .unwrap_or(source)
}

/// How messages name a function: `main chunk <prog.lua>` or `function <prog.lua:10>`.
pub fn function_label(p: &Proto) -> String {
    if p.line_defined == 0 {
        format!("main chunk <{}>", display_source(&p.source))
    } else {
        format!(
            "function <{}:{}>",
            display_source(&p.source),
            p.line_defined
        )
    }
}

/// Verify `p` and every prototype nested in it.
pub fn verify(p: &Proto) -> Result<(), VerifyError> {
    let mut stack: Vec<&Proto> = vec![p];
    while let Some(q) = stack.pop() {
        verify_function(q)?;
        stack.extend(q.protos.iter().rev().map(|c| &**c));
    }
    Ok(())
}

/// The operand stack state before an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    /// Values above the fixed slots (for an open state: where the open values start).
    pub h: u32,
    /// The previous instruction left an open number of results.
    pub open: bool,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.open {
            write!(f, "height {} + open results", self.h)
        } else {
            write!(f, "height {}", self.h)
        }
    }
}

/// The fixed `(pops, pushes)` of an opcode, from the opcode table; `None` for `Effect::Var`
/// opcodes, which `transfer` models one by one.
fn fixed_effect(op: Op) -> Option<(u32, u32)> {
    match op.info().effect {
        Effect::Fixed(p, q) => Some((p, q)),
        Effect::Var => None,
    }
}

/// Does `op` with count operand `b` consume an open result?
fn consumes_open(op: Op, b: i64) -> bool {
    matches!(op, Op::Call | Op::TailCall | Op::Return | Op::SetList) && b == 0
}

type Succ = (Option<State>, Option<State>);

/// The states after `ins` (at `pc`, entered with `st`): (fall-through, jump taken).
fn transfer(p: &Proto, ins: Instr, st: State) -> Result<Succ, String> {
    let op = ins.op();
    let (a, b, c) = ins.fields();
    let ns = p.num_slots as i64;
    let h = st.h as i64;
    let top = ns + h; // absolute slot just above the top value (or where open values start)

    if st.open && !consumes_open(op, b) {
        return Err(format!(
            "{} follows an instruction with open results; only CALL, TAILCALL, RETURN or \
             SETLIST with B=0 may consume them",
            op.name()
        ));
    }
    if !st.open && consumes_open(op, b) {
        return Err(format!(
            "{} with B=0 needs open results from the previous instruction",
            op.name()
        ));
    }
    let need = |n: i64| -> Result<(), String> {
        if h < n {
            Err(format!(
                "stack underflow: {} needs {} operand(s), stack height is {}",
                op.name(),
                n,
                h
            ))
        } else {
            Ok(())
        }
    };
    let closed = |h: i64| State {
        h: h as u32,
        open: false,
    };
    let on_stack = |what: &str| -> Result<(), String> {
        if a < ns {
            Err(format!(
                "{} {} in slot {} is not on the operand stack (fixed slots are 0..{})",
                op.name(),
                what,
                a,
                ns
            ))
        } else {
            Ok(())
        }
    };
    // Input rule shared by CALL, TAILCALL and SETLIST: slot A, then B-1 values (or open).
    let args_input = |what: &str| -> Result<(), String> {
        on_stack(what)?;
        if b > 0 {
            if top != a + b {
                return Err(format!(
                    "{} expects {} and {} value(s) at the stack top (slots {}..{}), but the \
                     top is at slot {}",
                    op.name(),
                    what,
                    b - 1,
                    a,
                    a + b - 1,
                    top - 1
                ));
            }
        } else if top < a + 1 {
            return Err(format!(
                "{} {} in slot {} is above the stack top (slot {})",
                op.name(),
                what,
                a,
                top - 1
            ));
        }
        Ok(())
    };

    let (fall, jump): (i64, i64) = if let Some((pops, pushes)) = fixed_effect(op) {
        match op {
            // v = stack[top-1], k = stack[top-A], t = stack[top-A-1]
            Op::SetIndex => {
                if a < 2 {
                    return Err(format!("SETINDEX needs A >= 2, got {a}"));
                }
                need(a + 1)?;
            }
            // v = stack[top-1], k = stack[top-2], t = stack[top-A-3]
            Op::TSet => need(a + 3)?,
            _ => {}
        }
        need(pops as i64)?;
        let h2 = h - pops as i64 + pushes as i64;
        (h2, h2)
    } else {
        match op {
            Op::LoadNil => (h + a, h + a),
            Op::Concat => {
                if a < 2 {
                    return Err(format!("CONCAT needs A >= 2, got {a}"));
                }
                need(a)?;
                (h - a + 1, h - a + 1)
            }
            Op::Pop => {
                need(a)?;
                (h - a, h - a)
            }
            Op::AndJ | Op::OrJ => {
                need(1)?;
                (h - 1, h)
            }
            Op::Call => {
                args_input("function")?;
                if c == 0 {
                    let s = State {
                        h: (a - ns) as u32,
                        open: true,
                    };
                    return Ok((Some(s), None));
                }
                let h2 = a - ns + c - 1;
                (h2, h2)
            }
            Op::TailCall => {
                // Open results at slot A, handed back by the RETURN A 0 that must follow (when
                // the callee is not a Lua function; a Lua callee replaces the frame).
                args_input("function")?;
                let s = State {
                    h: (a - ns) as u32,
                    open: true,
                };
                return Ok((Some(s), None));
            }
            Op::Return => {
                if b > 0 {
                    if a + b - 1 != top {
                        return Err(format!(
                            "RETURN of {} value(s) from slot {} does not end at the stack top \
                             (slot {})",
                            b - 1,
                            a,
                            top - 1
                        ));
                    }
                } else if a > top {
                    return Err(format!(
                        "RETURN from slot {} is above the start of the open results (slot {})",
                        a, top
                    ));
                }
                return Ok((None, None));
            }
            Op::Vararg => {
                if a == 0 {
                    return Ok((
                        Some(State {
                            h: st.h,
                            open: true,
                        }),
                        None,
                    ));
                }
                (h + a - 1, h + a - 1)
            }
            Op::SetList => {
                args_input("table")?;
                (a - ns + 1, a - ns + 1)
            }
            _ => unreachable!("fixed_effect covers {}", op.name()),
        }
    };
    for h2 in [fall, jump] {
        if ns + h2 > p.max_stack as i64 {
            return Err(format!(
                "stack overflow: {} needs {} slots, max_stack is {}",
                op.name(),
                ns + h2,
                p.max_stack
            ));
        }
    }
    let has_jump = op.info().operands.contains(&Operand::Jump) || op.jumps_by_data_word();
    Ok((
        (!op.is_terminator()).then(|| closed(fall)),
        has_jump.then(|| closed(jump)),
    ))
}

/// Verify one function: its header, code and debug information, and the upvalue descriptors of
/// its direct children (which refer to this function's slots and upvalues). Nested functions
/// themselves are not verified (see `verify`).
pub fn verify_function(p: &Proto) -> Result<(), VerifyError> {
    let err = |pc: Option<usize>, message: String| VerifyError {
        function: function_label(p),
        pc,
        message,
    };
    let n = p.code.len();
    let ns = p.num_slots as i64;
    let ms = p.max_stack as i64;

    // Header.
    if n == 0 {
        return Err(err(None, "function has no code".into()));
    }
    if n > u32::MAX as usize {
        return Err(err(None, format!("{n} instructions is too many")));
    }
    if p.lines.len() != n {
        return Err(err(
            None,
            format!("{} line entries for {} code words", p.lines.len(), n),
        ));
    }
    if p.num_params as u16 > p.num_slots {
        return Err(err(
            None,
            format!(
                "{} parameters but only {} fixed slots",
                p.num_params, p.num_slots
            ),
        ));
    }
    if p.num_slots as u32 > p.max_stack {
        return Err(err(
            None,
            format!(
                "{} fixed slots exceed max_stack {}",
                p.num_slots, p.max_stack
            ),
        ));
    }
    if p.max_stack > MAX_STACK {
        return Err(err(
            None,
            format!("max_stack {} exceeds the limit {}", p.max_stack, MAX_STACK),
        ));
    }
    for (i, k) in p.consts.iter().enumerate() {
        if !k.is_number() && !k.is_string() {
            return Err(err(
                None,
                format!(
                    "constant {} is a {}; only numbers and strings may be constants",
                    i,
                    k.type_name()
                ),
            ));
        }
    }

    // Instruction boundaries: the data words after SETLIST are not instructions.
    let mut is_data = vec![false; n];
    let mut pc = 0;
    while pc < n {
        let Some(op) = Op::from_u8(Instr(p.code[pc]).op_byte()) else {
            return Err(err(
                Some(pc),
                format!("invalid opcode {}", Instr(p.code[pc]).op_byte()),
            ));
        };
        let extra = op.extra_words();
        if pc + extra >= n {
            return Err(err(
                Some(pc),
                format!(
                    "{} is missing its data word at the end of the code",
                    op.name()
                ),
            ));
        }
        for d in &mut is_data[pc + 1..pc + 1 + extra] {
            *d = true;
        }
        pc += 1 + extra;
    }

    // Operand ranges, driven by the operand kinds of the opcode table.
    let mut pc = 0;
    while pc < n {
        let ins = Instr(p.code[pc]);
        let op = ins.op();
        let (a, b, c) = ins.fields();
        for (kind, v) in op.info().operands.iter().zip([a, b, c]) {
            let e = |m: String| Err(err(Some(pc), m));
            match kind {
                Operand::None | Operand::Count | Operand::CountOpen => {}
                Operand::Local => {
                    if v >= ns {
                        return e(format!(
                            "{} uses slot {} outside the fixed slots 0..{}",
                            op.name(),
                            v,
                            ns
                        ));
                    }
                }
                Operand::Slot => {
                    // RETURN of no values may start right above the frame.
                    let limit = if op == Op::Return { ms + 1 } else { ms };
                    if v >= limit {
                        return e(format!(
                            "{} slot {} out of range (max_stack {})",
                            op.name(),
                            v,
                            ms
                        ));
                    }
                }
                Operand::Const | Operand::StrConst => {
                    let Some(k) = p.consts.get(v as usize) else {
                        return e(format!(
                            "{} constant {} out of range ({} constants)",
                            op.name(),
                            v,
                            p.consts.len()
                        ));
                    };
                    if *kind == Operand::StrConst && !k.is_string() {
                        return e(format!(
                            "{} needs a string constant, constant {} is a {}",
                            op.name(),
                            v,
                            k.type_name()
                        ));
                    }
                }
                Operand::Upval => {
                    if v as usize >= p.upvals.len() {
                        return e(format!(
                            "{} upvalue {} out of range ({} upvalues)",
                            op.name(),
                            v,
                            p.upvals.len()
                        ));
                    }
                }
                Operand::Proto => {
                    if v as usize >= p.protos.len() {
                        return e(format!(
                            "{} function {} out of range ({} nested functions)",
                            op.name(),
                            v,
                            p.protos.len()
                        ));
                    }
                }
                Operand::Jump => {
                    let t = pc as i64 + 1 + v;
                    if t < 0 || t >= n as i64 {
                        return e(format!(
                            "jump target {} out of range (code has {} words)",
                            t + 1,
                            n
                        ));
                    }
                    if is_data[t as usize] {
                        return e(format!(
                            "jump target {} is the data word of SETLIST at pc {}",
                            t + 1,
                            t
                        ));
                    }
                }
            }
        }
        if op.jumps_by_data_word() {
            let t = crate::bytecode::op::jump_target_in(&p.code, pc).unwrap_or(-1);
            if t < 0 || t >= n as i64 {
                return Err(err(
                    Some(pc),
                    format!("jump target {} out of range (code has {} words)", t + 1, n),
                ));
            }
            if is_data[t as usize] {
                return Err(err(
                    Some(pc),
                    format!("jump target {} is a data word", t + 1),
                ));
            }
        }
        // Operations on fixed slots (locals and loop control variables).
        let fixed_top = match op {
            Op::GetLocal | Op::SetLocal | Op::Close => Some(a),
            Op::ForPrep | Op::ForLoop | Op::TForLoop => Some(a + 3),
            _ => None,
        };
        if let Some(s) = fixed_top {
            if s >= ns {
                return Err(err(
                    Some(pc),
                    format!(
                        "{} uses slot {} outside the fixed slots 0..{}",
                        op.name(),
                        s,
                        ns
                    ),
                ));
            }
        }
        if op == Op::TailCall {
            let next = p.code.get(pc + 1).map(|&w| Instr(w));
            if !next.is_some_and(|r| {
                r.op_byte() == Op::Return as u8 && r.a8() == a as u32 && r.b16() == 0
            }) {
                return Err(err(
                    Some(pc),
                    format!("TAILCALL must be followed by RETURN {a} 0"),
                ));
            }
        }
        if op == Op::SetList && p.code[pc + 1] == 0 {
            return Err(err(
                Some(pc),
                "SETLIST data word (first array index) must be >= 1".into(),
            ));
        }
        pc += 1 + op.extra_words();
    }

    stack_states(p)?;

    // Nested functions' upvalue descriptors.
    for (i, child) in p.protos.iter().enumerate() {
        for (j, u) in child.upvals.iter().enumerate() {
            let ok = if u.in_stack {
                u.index < p.num_slots
            } else {
                (u.index as usize) < p.upvals.len()
            };
            if !ok {
                let what = if u.in_stack {
                    format!("slot {} (fixed slots are 0..{})", u.index, p.num_slots)
                } else {
                    format!("upvalue {} (there are {})", u.index, p.upvals.len())
                };
                return Err(err(
                    None,
                    format!(
                        "upvalue {} '{}' of nested function {} ({}) refers to {}",
                        j,
                        u.name,
                        i,
                        function_label(child),
                        what
                    ),
                ));
            }
        }
    }

    // Debug information.
    for (i, l) in p.locvars.iter().enumerate() {
        if l.slot >= p.num_slots {
            return Err(err(
                None,
                format!(
                    "local variable {} '{}' is in slot {} outside the fixed slots 0..{}",
                    i, l.name, l.slot, p.num_slots
                ),
            ));
        }
        if l.start_pc > l.end_pc || l.end_pc as usize > n {
            return Err(err(
                None,
                format!(
                    "local variable {} '{}' has a bad pc range {}..{} (code has {} words)",
                    i, l.name, l.start_pc, l.end_pc, n
                ),
            ));
        }
    }
    for (i, ni) in p.names.iter().enumerate() {
        if ni.pc as usize >= n {
            return Err(err(
                None,
                format!(
                    "operand name {} '{}' refers to pc {} outside the code",
                    i,
                    ni.name,
                    ni.pc as u64 + 1
                ),
            ));
        }
        if i > 0 && (p.names[i - 1].pc, p.names[i - 1].which) > (ni.pc, ni.which) {
            return Err(err(
                None,
                format!("operand names are not sorted by (pc, operand) at entry {i}"),
            ));
        }
    }
    Ok(())
}

/// The operand stack state before every reachable instruction (`None`: unreachable or a data
/// word). Only meaningful for a function whose operands `verify_function` checked; the JIT
/// uses it to know every instruction's stack height statically.
pub fn stack_states(p: &Proto) -> Result<Vec<Option<State>>, VerifyError> {
    let err = |pc: Option<usize>, message: String| VerifyError {
        function: function_label(p),
        pc,
        message,
    };
    let n = p.code.len();
    if n == 0 {
        return Err(err(None, "empty code".into()));
    }
    let mut states: Vec<Option<State>> = vec![None; n];
    states[0] = Some(State { h: 0, open: false });
    let mut work = vec![0usize];
    while let Some(pc) = work.pop() {
        let st = states[pc].expect("queued instructions have a state");
        let ins = Instr(p.code[pc]);
        let op = ins.op();
        let (fall, jump) = transfer(p, ins, st).map_err(|m| err(Some(pc), m))?;
        let next = pc + 1 + op.extra_words();
        let jump_to = crate::bytecode::op::jump_target_in(&p.code, pc).map(|t| t as usize);
        for (target, s) in [(Some(next), fall), (jump_to, jump)] {
            let (Some(target), Some(s)) = (target, s) else {
                continue;
            };
            if target >= n {
                return Err(err(
                    Some(pc),
                    format!(
                        "execution falls off the end of the code after {}",
                        op.name()
                    ),
                ));
            }
            match states[target] {
                None => {
                    states[target] = Some(s);
                    work.push(target);
                }
                Some(old) if old == s => {}
                Some(old) => {
                    return Err(err(
                        Some(target),
                        format!(
                            "stack height mismatch at merge point: {} here, {} coming from pc {}",
                            old,
                            s,
                            pc + 1
                        ),
                    ));
                }
            }
        }
    }

    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::op::Op::*;
    use crate::bytecode::testutil::*;
    use crate::gc::Heap;
    use crate::value::Value;

    /// The verifier's message for `p`, which must be rejected.
    fn rejected(p: &Proto) -> String {
        match verify(p) {
            Ok(()) => panic!("verifier accepted bad code"),
            Err(e) => e.to_string(),
        }
    }

    fn assert_rejected(p: &Proto, want: &str) {
        let msg = rejected(p);
        assert!(
            msg.contains(want),
            "message {msg:?} does not contain {want:?}"
        );
    }

    fn ret0() -> Instr {
        Instr::ab(Return, 0, 1)
    }

    #[test]
    fn accepts_the_sample_program() {
        let mut heap = Heap::new();
        let p = sample(&mut heap);
        verify(&p).unwrap();
    }

    #[test]
    fn accepts_call_and_return_forms() {
        let mut heap = Heap::new();
        // print("hi"); local a = f(...) ; return a, g()
        let mut p = proto(
            &[
                Instr::a(GetGlobal, 0),
                Instr::a(LoadK, 1),
                Instr::abc(Call, 1, 2, 1),
                Instr::a(GetGlobal, 0),
                Instr::a(Vararg, 0),
                Instr::abc(Call, 1, 0, 2),
                Instr::a(SetLocal, 0),
                Instr::a(GetLocal, 0),
                Instr::a(GetGlobal, 0),
                Instr::abc(Call, 2, 1, 0),
                Instr::ab(Return, 1, 0),
            ],
            1,
            3,
        );
        p.is_vararg = true;
        p.consts = vec![s(&mut heap, b"print"), s(&mut heap, b"hi")];
        verify(&p).unwrap();
        // `return` straight from the fixed slots, and an empty return right above the frame.
        let p = proto(&[Instr::ab(Return, 0, 2)], 1, 1);
        verify(&p).unwrap();
        let p = proto(&[Instr::ab(Return, 1, 1)], 1, 1);
        verify(&p).unwrap();
        // Tail call of a vararg expansion.
        let p = proto(
            &[
                Instr::a(GetLocal, 0),
                Instr::a(Vararg, 0),
                Instr::ab(TailCall, 1, 0),
                Instr::ab(Return, 1, 0),
            ],
            1,
            2,
        );
        verify(&p).unwrap();
        // A table constructor's keyed field: t k v with A values in between.
        let p = proto(
            &[
                Instr::ab(NewTable, 0, 1),
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::n(LoadFalse),
                Instr::a(TSet, 1),
                Instr::a(Pop, 2),
                ret0(),
            ],
            0,
            4,
        );
        verify(&p).unwrap();
    }

    #[test]
    fn checks_the_top_of_stack_and_local_table_store_forms() {
        let mut heap = Heap::new();
        // local 0 = {}; local 0.f = 1 * local 1; local 0[local 1] = 2 + K[0]
        let good = [
            Instr::ab(NewTable, 0, 0),
            Instr::a(SetLocal, 0),
            Instr::a(LoadK, 0),
            Instr::a(MulTL, 1),
            Instr::ab(SetFieldL, 0, 1),
            Instr::a(LoadK, 0),
            Instr::a(AddTK, 0),
            Instr::ab(SetTableLL, 0, 1),
            Instr::ab(Return, 2, 1),
        ];
        let consts = vec![Value::number(2.0), s(&mut heap, b"f")];
        let with = |i: Option<usize>, ins: Instr| {
            let mut code = good;
            if let Some(i) = i {
                code[i] = ins;
            }
            let mut q = proto(&code, 2, 3);
            q.consts = consts.clone();
            q
        };
        verify(&with(None, ret0())).unwrap();
        let bad = |i: usize, ins: Instr| with(Some(i), ins);
        assert_rejected(
            &bad(3, Instr::a(MulTL, 2)),
            "at pc 4: MULTL uses slot 2 outside the fixed slots 0..2",
        );
        assert_rejected(
            &bad(6, Instr::a(AddTK, 7)),
            "at pc 7: ADDTK constant 7 out of range (2 constants)",
        );
        assert_rejected(
            &bad(4, Instr::ab(SetFieldL, 0, 0)),
            "SETFIELDL needs a string constant, constant 0 is a number",
        );
        assert_rejected(
            &bad(7, Instr::ab(SetTableLL, 0, 5)),
            "SETTABLELL uses slot 5 outside the fixed slots 0..2",
        );
        // Each form pops a value that must be there.
        assert_rejected(
            &bad(2, Instr::n(Nop)),
            "stack underflow: MULTL needs 1 operand(s)",
        );
        assert_rejected(
            &bad(5, Instr::n(Nop)),
            "stack underflow: ADDTK needs 1 operand(s)",
        );
        assert_rejected(
            &bad(6, Instr::a(SetLocal, 1)),
            "stack underflow: SETTABLELL needs 1 operand(s)",
        );
    }

    #[test]
    fn rejects_bad_opcode() {
        let mut p = proto(&[ret0()], 0, 1);
        p.code[0] = 0xFF;
        assert_rejected(&p, "at pc 1: invalid opcode 255");
    }

    #[test]
    fn rejects_constant_out_of_range() {
        let mut p = proto(&[Instr::a(LoadK, 5), Instr::n(Nop), ret0()], 0, 1);
        p.consts = vec![Value::number(1.0)];
        assert_rejected(&p, "at pc 1: LOADK constant 5 out of range (1 constants)");
    }

    #[test]
    fn rejects_non_string_strconst() {
        let mut p = proto(&[Instr::a(GetGlobal, 0), ret0()], 0, 1);
        p.consts = vec![Value::number(1.0)];
        assert_rejected(
            &p,
            "GETGLOBAL needs a string constant, constant 0 is a number",
        );
    }

    #[test]
    fn rejects_bad_constant_types() {
        let mut p = proto(&[ret0()], 0, 1);
        p.consts = vec![Value::TRUE];
        assert_rejected(&p, "constant 0 is a boolean; only numbers and strings");
    }

    #[test]
    fn rejects_upvalue_and_proto_operands_out_of_range() {
        let p = proto(&[Instr::a(GetUpval, 0), ret0()], 0, 1);
        assert_rejected(&p, "GETUPVAL upvalue 0 out of range (0 upvalues)");
        let p = proto(&[Instr::a(Closure, 2), ret0()], 0, 1);
        assert_rejected(&p, "CLOSURE function 2 out of range (0 nested functions)");
    }

    #[test]
    fn rejects_slot_out_of_range() {
        let p = proto(&[Instr::abc(Call, 9, 1, 1), ret0()], 0, 4);
        assert_rejected(&p, "CALL slot 9 out of range (max_stack 4)");
        let p = proto(&[Instr::ab(Return, 5, 1)], 0, 4);
        assert_rejected(&p, "RETURN slot 5 out of range");
    }

    #[test]
    fn rejects_fixed_slot_operands_outside_the_fixed_slots() {
        let p = proto(&[Instr::a(GetLocal, 2), ret0()], 2, 4);
        assert_rejected(&p, "GETLOCAL uses slot 2 outside the fixed slots 0..2");
        let p = proto(&[Instr::a(Close, 3), ret0()], 2, 4);
        assert_rejected(&p, "CLOSE uses slot 3");
        // FORLOOP 1 uses slots 1..4.
        let p = proto(&[Instr::asj(ForLoop, 1, -1), ret0()], 4, 4);
        assert_rejected(&p, "FORLOOP uses slot 4 outside the fixed slots 0..4");
    }

    #[test]
    fn rejects_jump_out_of_range() {
        let p = proto(&[Instr::sj(Jmp, 97), ret0()], 0, 1);
        assert_rejected(
            &p,
            "at pc 1: jump target 99 out of range (code has 2 words)",
        );
        let p = proto(&[Instr::sj(Jmp, -2), ret0()], 0, 1);
        assert_rejected(&p, "jump target 0 out of range");
    }

    #[test]
    fn rejects_jump_onto_setlist_data_word() {
        let p = proto(
            &[
                Instr::ab(NewTable, 0, 0),
                Instr::n(LoadTrue),
                Instr::abc(SetList, 0, 2, 0),
                Instr(1),
                Instr::sj(Jmp, -2), // to pc 3 (0-based), the data word
                ret0(),
            ],
            0,
            2,
        );
        assert_rejected(&p, "jump target 4 is the data word of SETLIST at pc 3");
    }

    #[test]
    fn rejects_setlist_without_or_with_zero_data_word() {
        let p = proto(
            &[Instr::ab(NewTable, 0, 0), Instr::abc(SetList, 0, 1, 0)],
            0,
            1,
        );
        assert_rejected(&p, "SETLIST is missing its data word");
        let p = proto(
            &[
                Instr::ab(NewTable, 0, 0),
                Instr::abc(SetList, 0, 1, 0),
                Instr(0),
                ret0(),
            ],
            0,
            1,
        );
        assert_rejected(&p, "SETLIST data word (first array index) must be >= 1");
    }

    #[test]
    fn rejects_height_mismatch_at_merge() {
        let p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::sj(JmpF, 1), // to pc 3 with height 0
                Instr::n(LoadTrue), // falls into pc 3 with height 1
                Instr::ab(Return, 0, 1),
            ],
            0,
            1,
        );
        assert_rejected(&p, "stack height mismatch at merge point");
        assert_rejected(&p, "at pc 4:");
    }

    #[test]
    fn rejects_underflow() {
        let p = proto(&[Instr::n(LoadTrue), Instr::n(Add), ret0()], 0, 2);
        assert_rejected(
            &p,
            "at pc 2: stack underflow: ADD needs 2 operand(s), stack height is 1",
        );
        let p = proto(&[Instr::a(Pop, 1), ret0()], 0, 2);
        assert_rejected(&p, "stack underflow: POP");
        let p = proto(&[Instr::sj(AndJ, 0), ret0()], 0, 2);
        assert_rejected(&p, "stack underflow: ANDJ");
    }

    #[test]
    fn rejects_overflow_of_max_stack() {
        let p = proto(&[Instr::a(LoadNil, 3), Instr::a(Pop, 3), ret0()], 1, 3);
        assert_rejected(
            &p,
            "at pc 1: stack overflow: LOADNIL needs 4 slots, max_stack is 3",
        );
    }

    #[test]
    fn rejects_open_results_not_consumed() {
        let p = proto(&[Instr::a(Vararg, 0), Instr::a(Pop, 1), ret0()], 0, 2);
        assert_rejected(&p, "at pc 2: POP follows an instruction with open results");
    }

    #[test]
    fn rejects_count_zero_without_open_input() {
        let p = proto(&[Instr::ab(Return, 0, 0)], 0, 2);
        assert_rejected(&p, "RETURN with B=0 needs open results");
    }

    #[test]
    fn rejects_call_with_wrong_argument_count() {
        let p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::abc(Call, 0, 3, 1),
                ret0(),
            ],
            0,
            3,
        );
        assert_rejected(&p, "CALL expects function and 2 value(s) at the stack top");
        let p = proto(
            &[Instr::n(LoadTrue), Instr::abc(Call, 0, 2, 1), ret0()],
            1,
            3,
        );
        assert_rejected(&p, "CALL function in slot 0 is not on the operand stack");
    }

    #[test]
    fn rejects_tset_without_its_table() {
        let p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::a(TSet, 1),
                ret0(),
            ],
            0,
            4,
        );
        assert_rejected(&p, "at pc 4: stack underflow: TSET needs 4 operand(s)");
    }

    #[test]
    fn rejects_tailcall_not_followed_by_its_return() {
        let p = proto(&[Instr::n(LoadTrue), Instr::ab(TailCall, 0, 1)], 0, 1);
        assert_rejected(&p, "at pc 2: TAILCALL must be followed by RETURN 0 0");
        let p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::ab(TailCall, 0, 1),
                Instr::ab(Return, 1, 0),
            ],
            0,
            2,
        );
        assert_rejected(&p, "TAILCALL must be followed by RETURN 0 0");
        let p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::ab(TailCall, 0, 1),
                Instr::ab(Return, 0, 0),
            ],
            0,
            1,
        );
        verify(&p).unwrap();
    }

    #[test]
    fn numeric_for_loop_shape() {
        // for i = 1, 2 do end: FORPREP jumps to FORLOOP, which jumps back to the body.
        let mut p = proto(
            &[
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::n(LoadTrue),
                Instr::asj(ForPrep, 0, 1),
                Instr::n(Nop),
                Instr::asj(ForLoop, 0, -2),
                Instr::ab(Return, 4, 1),
            ],
            4,
            7,
        );
        verify(&p).unwrap();
        // FORPREP does not fall through: code after it is only reached from the FORLOOP jump,
        // so an unbalanced body is caught there.
        p.code[4] = Instr::n(LoadTrue).0;
        assert_rejected(&p, "stack height mismatch at merge point");
    }

    #[test]
    fn rejects_return_not_at_top() {
        let p = proto(&[Instr::n(LoadTrue), Instr::ab(Return, 0, 1)], 0, 1);
        assert_rejected(
            &p,
            "RETURN of 0 value(s) from slot 0 does not end at the stack top",
        );
    }

    #[test]
    fn rejects_falling_off_the_end() {
        let p = proto(&[Instr::a(LoadNil, 0)], 0, 1);
        assert_rejected(
            &p,
            "at pc 1: execution falls off the end of the code after LOADNIL",
        );
        let p = proto(&[Instr::n(LoadTrue), Instr::sj(JmpT, -2)], 0, 1);
        assert_rejected(&p, "falls off the end");
        // Unreachable trailing code is fine.
        let p = proto(&[ret0(), Instr::n(LoadTrue)], 0, 1);
        verify(&p).unwrap();
    }

    #[test]
    fn unreachable_code_gets_range_checks_only() {
        // Unbalanced but unreachable: accepted.
        let p = proto(&[ret0(), Instr::n(Add)], 0, 1);
        verify(&p).unwrap();
        // Out-of-range operand in unreachable code: rejected.
        let p = proto(&[ret0(), Instr::a(LoadK, 0)], 0, 1);
        assert_rejected(&p, "at pc 2: LOADK constant 0 out of range");
    }

    #[test]
    fn rejects_bad_header() {
        let p = proto(&[], 0, 1);
        assert_rejected(&p, "function has no code");
        let mut p = proto(&[ret0()], 0, 1);
        p.lines.push(3);
        assert_rejected(&p, "2 line entries for 1 code words");
        let mut p = proto(&[ret0()], 1, 1);
        p.num_params = 2;
        assert_rejected(&p, "2 parameters but only 1 fixed slots");
        let p = proto(&[ret0()], 3, 2);
        assert_rejected(&p, "3 fixed slots exceed max_stack 2");
        let p = proto(&[ret0()], 0, MAX_STACK + 1);
        assert_rejected(&p, "exceeds the limit");
    }

    #[test]
    fn rejects_bad_upvalue_descriptors() {
        let mut heap = Heap::new();
        let mut child = proto(&[ret0()], 0, 1);
        child.line_defined = 4;
        child.upvals = vec![upval(true, 2, "x")];
        let child = heap.alloc(child);
        let mut p = proto(&[Instr::ab(Return, 2, 1)], 2, 2);
        p.protos = vec![child];
        assert_rejected(
            &p,
            "main chunk <prog.lua>: upvalue 0 'x' of nested function 0 (function <prog.lua:4>) \
             refers to slot 2 (fixed slots are 0..2)",
        );

        let mut child = proto(&[ret0()], 0, 1);
        child.upvals = vec![upval(false, 0, "y")];
        child.line_defined = 5;
        let child = heap.alloc(child);
        let mut p = proto(&[Instr::ab(Return, 2, 1)], 2, 2);
        p.protos = vec![child];
        assert_rejected(&p, "refers to upvalue 0 (there are 0)");
    }

    #[test]
    fn nested_functions_are_verified() {
        let mut heap = Heap::new();
        let mut child = proto(&[Instr::n(Add), ret0()], 0, 1);
        child.line_defined = 7;
        let child = heap.alloc(child);
        let mut p = proto(&[ret0()], 0, 1);
        p.protos = vec![child];
        verify_function(&p).unwrap();
        assert_rejected(&p, "function <prog.lua:7> at pc 1: stack underflow");
    }

    #[test]
    fn rejects_bad_debug_info() {
        let mut p = proto(&[Instr::ab(Return, 1, 1)], 1, 1);
        p.locvars = vec![locvar("a", 1, 0, 1)];
        assert_rejected(
            &p,
            "local variable 0 'a' is in slot 1 outside the fixed slots",
        );
        let mut p = proto(&[Instr::ab(Return, 1, 1)], 1, 1);
        p.locvars = vec![locvar("a", 0, 0, 2)];
        assert_rejected(&p, "local variable 0 'a' has a bad pc range 0..2");
        let mut p = proto(&[Instr::ab(Return, 1, 1)], 1, 1);
        p.names = vec![name(1, 0, crate::object::NameKind::Global, "g")];
        assert_rejected(&p, "operand name 0 'g' refers to pc 2 outside the code");
    }

    #[test]
    fn fixed_effects_match_the_opcode_table() {
        // Every opcode whose semantics line starts with "<pops>/<pushes>:" in plain digits has
        // exactly that fixed effect, and vice versa.
        for &op in Op::all() {
            let doc = op.info().doc;
            let prefix = doc.split(':').next().unwrap_or("");
            let parsed = prefix.split_once('/').and_then(|(a, b)| {
                Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?))
            });
            assert_eq!(fixed_effect(op), parsed, "{}: {doc}", op.name());
        }
    }
}
