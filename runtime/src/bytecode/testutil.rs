//! Hand-built prototypes for the bytecode tests.

use crate::bytecode::op::Instr;
use crate::gc::{Gc, Heap};
use crate::object::{LocVar, NameInfo, NameKind, Proto, UpvalDesc};
use crate::value::Value;
use std::rc::Rc;

/// A prototype with `code`, one line per word (pc + 1), and no tables.
pub fn proto(code: &[Instr], num_slots: u16, max_stack: u32) -> Proto {
    Proto {
        chunkname: None,
        code: code.iter().map(|i| i.0).collect(),
        consts: Vec::new(),
        protos: Vec::new(),
        lines: (1..=code.len() as u32).collect(),
        upvals: Vec::new(),
        num_params: 0,
        is_vararg: false,
        needs_arg: false,
        num_slots,
        max_stack,
        source: Rc::from("prog.lua"),
        line_defined: 0,
        last_line: 0,
        locvars: Vec::new(),
        names: Vec::new(),
        hot: std::cell::Cell::new(0),
        jit: Default::default(),
    }
}

pub fn upval(in_stack: bool, index: u16, name: &str) -> UpvalDesc {
    UpvalDesc {
        in_stack,
        index,
        name: name.into(),
    }
}

pub fn locvar(name: &str, slot: u16, start_pc: u32, end_pc: u32) -> LocVar {
    LocVar {
        name: name.into(),
        slot,
        start_pc,
        end_pc,
    }
}

pub fn name(pc: u32, which: u8, kind: NameKind, name: &str) -> NameInfo {
    NameInfo {
        pc,
        which,
        kind,
        name: name.into(),
    }
}

pub fn s(heap: &mut Heap, b: &[u8]) -> Value {
    Value::string(heap.intern(b))
}

/// Structural equality (constants compared by bits, which works within one heap).
pub fn same(a: &Proto, b: &Proto) -> bool {
    a.code == b.code
        && a.consts.len() == b.consts.len()
        && a.consts
            .iter()
            .zip(&b.consts)
            .all(|(x, y)| x.to_bits() == y.to_bits())
        && a.lines == b.lines
        && a.upvals == b.upvals
        && a.num_params == b.num_params
        && a.is_vararg == b.is_vararg
        && a.needs_arg == b.needs_arg
        && a.num_slots == b.num_slots
        && a.max_stack == b.max_stack
        && *a.source == *b.source
        && a.line_defined == b.line_defined
        && a.last_line == b.last_line
        && a.locvars == b.locvars
        && a.names == b.names
        && a.protos.len() == b.protos.len()
        && a.protos.iter().zip(&b.protos).all(|(x, y)| same(x, y))
}

/// A program exercising most instructions:
///
/// ```lua
/// local t = {1, 2, ...}            -- slot 0; uses VARARG open + SETLIST
/// local x = "a\0b"                 -- slot 1
/// local function f(p) return p + x end   -- slot 2: nested, upvalue on slot 1
/// for i = 1, 3 do print(f(i) or -0.0) end   -- slots 3..6
/// return f(#t)
/// ```
pub fn sample(heap: &mut Heap) -> Gc<Proto> {
    use crate::bytecode::op::Op::*;
    // The nested function: function(p) return p + x end  (x is upvalue 0)
    let mut f = proto(
        &[
            Instr::a(GetLocal, 0),
            Instr::a(GetUpval, 0),
            Instr::n(Add),
            Instr::ab(Return, 1, 2),
        ],
        1,
        3,
    );
    f.num_params = 1;
    f.upvals = vec![upval(true, 1, "x")];
    f.line_defined = 3;
    f.last_line = 3;
    f.locvars = vec![locvar("p", 0, 0, 4)];
    f.names = vec![name(2, 1, NameKind::Upvalue, "x")];
    // The nested function shares the Rc of the main one after loading; here it's separate.
    let f = heap.alloc(f);

    let code = [
        /* 0 */ Instr::ab(NewTable, 2, 0),
        /* 1 */ Instr::a(LoadK, 0), // 1
        /* 2 */ Instr::a(LoadK, 1), // 2
        /* 3 */ Instr::a(Vararg, 0),
        /* 4 */ Instr::abc(SetList, 7, 0, 0),
        /* 5 */ Instr(1),
        /* 6 */ Instr::a(SetLocal, 0),
        /* 7 */ Instr::a(LoadK, 2), // "a\0b"
        /* 8 */ Instr::a(SetLocal, 1),
        /* 9 */ Instr::a(Closure, 0),
        /* 10 */ Instr::a(SetLocal, 2),
        /* 11 */ Instr::a(LoadK, 0),
        /* 12 */ Instr::a(LoadK, 3), // 3
        /* 13 */ Instr::a(LoadK, 0),
        /* 14 */ Instr::asj(ForPrep, 3, 7), // to 22
        /* 15 */ Instr::a(GetGlobal, 4), // print
        /* 16 */ Instr::a(GetLocal, 2),
        /* 17 */ Instr::a(GetLocal, 6),
        /* 18 */ Instr::abc(Call, 8, 2, 2),
        /* 19 */ Instr::sj(OrJ, 1), // to 21
        /* 20 */ Instr::a(LoadK, 5), // -0.0
        /* 21 */ Instr::abc(Call, 7, 2, 1),
        /* 22 */ Instr::asj(ForLoop, 3, -8), // to 15
        /* 23 */ Instr::a(GetLocal, 2),
        /* 24 */ Instr::a(GetLocal, 0),
        /* 25 */ Instr::n(Len),
        /* 26 */ Instr::abc(Call, 7, 2, 0),
        /* 27 */ Instr::ab(Return, 7, 0),
    ];
    let mut p = proto(&code, 7, 10);
    p.is_vararg = true;
    p.consts = vec![
        Value::number(1.0),
        Value::number(2.0),
        s(heap, b"a\0b"),
        Value::number(3.0),
        s(heap, b"print"),
        Value::number(-0.0),
    ];
    p.protos = vec![f];
    p.locvars = vec![
        locvar("t", 0, 7, 28),
        locvar("x", 1, 9, 28),
        locvar("f", 2, 11, 28),
        locvar("(for index)", 3, 15, 23),
        locvar("(for limit)", 4, 15, 23),
        locvar("(for step)", 5, 15, 23),
        locvar("i", 6, 15, 22),
    ];
    p.names = vec![
        name(15, 0, NameKind::Global, "print"),
        name(18, 0, NameKind::Local, "f"),
    ];
    heap.alloc(p)
}
