//! The disassembler: a listing in the spirit of `luac -l -l`.
//!
//! Works on any prototype, verified or not (bad opcodes and out-of-range operands are shown as
//! such). Program counters are 1-based, as in the verifier's messages; constant, upvalue,
//! nested-function and slot operands are shown as the 0-based indices the code holds.

use crate::bytecode::op::{Instr, Op, Operand};
use crate::bytecode::verify::display_source;
use crate::number::fmt_number;
use crate::object::Proto;
use crate::value::Value;
use std::fmt::Write;

/// `main <prog.lua:0,0>` or `function <prog.lua:3,7>`.
fn header_label(p: &Proto) -> String {
    let kind = if p.line_defined == 0 {
        "main"
    } else {
        "function"
    };
    format!(
        "{} <{}:{},{}>",
        kind,
        display_source(&p.source),
        p.line_defined,
        p.last_line
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A string constant as Lua source: quoted, with `\"`, `\\`, `\n`, `\r`, `\t`, `\0` and other
/// non-printable or non-ASCII bytes escaped (`\ddd`).
pub fn quote_bytes(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                // Use three digits when a digit follows, so the escape stays unambiguous.
                if s.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    let _ = write!(out, "\\{b:03}");
                } else {
                    let _ = write!(out, "\\{b}");
                }
            }
        }
    }
    out.push('"');
    out
}

fn const_repr(k: Value) -> String {
    if let Some(n) = k.as_number() {
        fmt_number(n)
    } else if let Some(s) = k.as_string() {
        quote_bytes(s.as_bytes())
    } else {
        format!("<{}>", k.type_name())
    }
}

/// Disassemble `p` and, after it, every nested function (depth first, in order).
pub fn disassemble(p: &Proto) -> String {
    let mut out = String::new();
    let mut stack: Vec<&Proto> = vec![p];
    while let Some(q) = stack.pop() {
        if !out.is_empty() {
            out.push('\n');
        }
        function(&mut out, q);
        stack.extend(q.protos.iter().rev().map(|c| &**c));
    }
    out
}

/// Disassemble `p` alone (not its nested functions).
pub fn disassemble_one(p: &Proto) -> String {
    let mut out = String::new();
    function(&mut out, p);
    out
}

/// One instruction's operand text and comment.
fn instruction(p: &Proto, pc: usize, ins: Instr) -> (String, Vec<String>) {
    let op = ins.op();
    let (a, b, c) = ins.fields();
    let mut ops = Vec::new();
    let mut notes = Vec::new();
    for (kind, v) in op.info().operands.iter().zip([a, b, c]) {
        if *kind == Operand::None {
            continue;
        }
        ops.push(v.to_string());
        match kind {
            Operand::Slot | Operand::Local => {
                if let Some(name) = p.local_name(v as usize, pc) {
                    notes.push(name.to_string());
                }
            }
            Operand::Const | Operand::StrConst => match p.consts.get(v as usize) {
                Some(&k) => notes.push(const_repr(k)),
                None => notes.push("<bad constant>".into()),
            },
            Operand::Upval => match p.upvals.get(v as usize) {
                Some(u) => notes.push(u.name.clone()),
                None => notes.push("<bad upvalue>".into()),
            },
            Operand::Proto => match p.protos.get(v as usize) {
                Some(c) => notes.push(header_label(c)),
                None => notes.push("<bad function>".into()),
            },
            Operand::Jump => {
                notes.push(format!("to {}", pc as i64 + 1 + v + 1));
            }
            Operand::None | Operand::Count | Operand::CountOpen => {}
        }
    }
    if op == Op::SetList {
        if let Some(&n) = p.code.get(pc + 1) {
            notes.push(format!("from index {n}"));
        }
    }
    (ops.join(" "), notes)
}

fn function(out: &mut String, p: &Proto) {
    let label = header_label(p);
    let _ = writeln!(out, "{} ({})", label, plural(p.code.len(), "instruction"));
    let _ = writeln!(
        out,
        "{}{} params, {}, {} max stack, {}, {}, {}, {}",
        p.num_params,
        if p.is_vararg { "+" } else { "" },
        plural(p.num_slots as usize, "slot"),
        p.max_stack,
        plural(p.upvals.len(), "upvalue"),
        plural(p.locvars.len(), "local"),
        plural(p.consts.len(), "constant"),
        plural(p.protos.len(), "function")
    );
    let mut pc = 0;
    while pc < p.code.len() {
        let ins = Instr(p.code[pc]);
        let line = p.line_at(pc);
        let Some(op) = Op::from_u8(ins.op_byte()) else {
            let _ = writeln!(
                out,
                "\t{}\t[{}]\t{:<9}\t0x{:08x}",
                pc + 1,
                line,
                "???",
                ins.0
            );
            pc += 1;
            continue;
        };
        let (ops, mut notes) = instruction(p, pc, ins);
        for n in p.names.iter().filter(|n| n.pc as usize == pc) {
            notes.push(format!("#{} {} '{}'", n.which, n.kind.as_str(), n.name));
        }
        let mut text = format!("\t{}\t[{}]\t{:<9}\t{}", pc + 1, line, op.name(), ops);
        if !notes.is_empty() {
            let _ = write!(text, "\t; {}", notes.join(", "));
        }
        out.push_str(text.trim_end());
        out.push('\n');
        for k in 1..=op.extra_words() {
            if let Some(&w) = p.code.get(pc + k) {
                let _ = writeln!(
                    out,
                    "\t{}\t[{}]\t{:<9}\t{}",
                    pc + k + 1,
                    p.line_at(pc + k),
                    ".data",
                    w
                );
            }
        }
        pc += 1 + op.extra_words();
    }
    let _ = writeln!(out, "constants ({}) for {}:", p.consts.len(), label);
    for (i, &k) in p.consts.iter().enumerate() {
        let _ = writeln!(out, "\t{}\t{}", i, const_repr(k));
    }
    let _ = writeln!(out, "locals ({}) for {}:", p.locvars.len(), label);
    for (i, l) in p.locvars.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\tslot {}\tpc {}..{}",
            i,
            l.name,
            l.slot,
            l.start_pc as u64 + 1,
            l.end_pc
        );
    }
    let _ = writeln!(out, "upvalues ({}) for {}:", p.upvals.len(), label);
    for (i, u) in p.upvals.iter().enumerate() {
        let _ = writeln!(
            out,
            "\t{}\t{}\t{} {}",
            i,
            u.name,
            if u.in_stack { "slot" } else { "upvalue" },
            u.index
        );
    }
}

/// The opcode table of `docs/bytecode.md`, generated from the op table.
pub fn opcode_table_markdown() -> String {
    use crate::bytecode::op::Format;
    let kind = |k: Operand| match k {
        Operand::None => "",
        Operand::Slot => "slot",
        Operand::Local => "local",
        Operand::Const => "const",
        Operand::StrConst => "string const",
        Operand::Upval => "upvalue",
        Operand::Proto => "function",
        Operand::Count => "count",
        Operand::CountOpen => "count+1 (0 = open)",
        Operand::Jump => "jump",
    };
    let mut out = String::from(
        "| Byte | Opcode | Format | A | B | C | Stack effect (pops/pushes): semantics |\n\
         |-----:|--------|--------|---|---|---|---------------------------------------|\n",
    );
    for &op in Op::all() {
        let info = op.info();
        let widths: [&str; 3] = match info.format {
            Format::N => ["", "", ""],
            Format::A => ["24", "", ""],
            Format::AB => ["8", "16", ""],
            Format::ABC => ["8", "8", "8"],
            Format::SJ => ["s24", "", ""],
            Format::ASJ => ["8", "s16", ""],
        };
        let cols: Vec<String> = info
            .operands
            .iter()
            .zip(widths)
            .map(|(&k, w)| {
                if k == Operand::None {
                    String::new()
                } else {
                    format!("{} ({})", kind(k), w)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {:?} | {} | {} | {} | {} |",
            op as u8,
            info.name,
            info.format,
            cols[0],
            cols[1],
            cols[2],
            info.doc.replace('|', "\\|")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/bytecode.md` must contain the generated opcode table (so it lists every opcode);
    /// run with `UPDATE_BYTECODE_DOC=1` to rewrite it.
    #[test]
    fn docs_list_every_opcode() {
        const BEGIN: &str = "<!-- BEGIN OPCODE TABLE (generated from runtime/src/bytecode/op.rs by \
                             `UPDATE_BYTECODE_DOC=1 cargo test -p runtime docs_list_every_opcode`) -->\n";
        const END: &str = "<!-- END OPCODE TABLE -->";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/bytecode.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
            panic!("docs/bytecode.md lacks the opcode table markers");
        };
        let table = opcode_table_markdown();
        let current = &doc[b + BEGIN.len()..e];
        if current != table {
            if std::env::var_os("UPDATE_BYTECODE_DOC").is_some() {
                let new = format!("{}{}{}", &doc[..b + BEGIN.len()], table, &doc[e..]);
                std::fs::write(&path, new).unwrap();
            } else {
                panic!(
                    "the opcode table in docs/bytecode.md is out of date; run \
                     UPDATE_BYTECODE_DOC=1 cargo test -p runtime docs_list_every_opcode"
                );
            }
        }
        for &op in Op::all() {
            assert!(
                doc.contains(&format!("`{}`", op.name())),
                "{} undocumented",
                op.name()
            );
        }
    }
    use crate::bytecode::testutil::*;
    use crate::gc::Heap;

    #[test]
    fn lists_the_sample_program() {
        let mut heap = Heap::new();
        let p = sample(&mut heap);
        let text = disassemble(&p);
        for want in [
            "main <prog.lua:0,0> (28 instructions)\n",
            "0+ params, 7 slots, 10 max stack, 0 upvalues, 7 locals, 6 constants, 1 function\n",
            "\t5\t[5]\tSETLIST  \t7 0\t; from index 1\n\t6\t[6]\t.data    \t1\n",
            "\t8\t[8]\tLOADK    \t2\t; \"a\\0b\"\n",
            "\t10\t[10]\tCLOSURE  \t0\t; function <prog.lua:3,3>\n",
            "\t15\t[15]\tFORPREP  \t3 7\t; to 23\n",
            "\t16\t[16]\tGETGLOBAL\t4\t; \"print\", #0 global 'print'\n",
            "\t19\t[19]\tCALL     \t8 2 2\t; #0 local 'f'\n",
            "\t21\t[21]\tLOADK    \t5\t; -0\n",
            "\t23\t[23]\tFORLOOP  \t3 -8\t; (for index), to 16\n",
            "\t26\t[26]\tLEN\n",
            "constants (6) for main <prog.lua:0,0>:\n\t0\t1\n",
            "\t6\ti\tslot 6\tpc 16..22\n",
            "upvalues (0) for main <prog.lua:0,0>:\n\nfunction <prog.lua:3,3> (4 instructions)\n",
            "1 params, 1 slot, 3 max stack, 1 upvalue, 1 local, 0 constants, 0 functions\n",
            "\t2\t[2]\tGETUPVAL \t0\t; x\n",
            "upvalues (1) for function <prog.lua:3,3>:\n\t0\tx\tslot 1\n",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
    }

    #[test]
    fn quotes_strings_like_lua() {
        assert_eq!(quote_bytes(b"a\"b\\c\n\t\r"), r#""a\"b\\c\n\t\r""#);
        assert_eq!(quote_bytes(b"\0x\x01\xff"), r#""\0x\1\255""#);
        assert_eq!(quote_bytes(b"\x001"), r#""\0001""#);
    }

    #[test]
    fn survives_unverified_code() {
        use crate::bytecode::op::{Instr, Op::*};
        let mut p = proto(
            &[
                Instr::a(LoadK, 9),
                Instr::a(GetUpval, 3),
                Instr::a(Closure, 1),
                Instr::sj(Jmp, -100),
                Instr(0xFF),
                Instr::abc(SetList, 0, 1, 0),
            ],
            0,
            1,
        );
        p.lines.clear();
        let text = disassemble(&p);
        assert!(text.contains("LOADK    \t9\t; <bad constant>"), "{text}");
        assert!(text.contains("???      \t0x000000ff"), "{text}");
        assert!(text.contains("; to -95"), "{text}");
    }
}
