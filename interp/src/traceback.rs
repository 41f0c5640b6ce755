//! `stack traceback:` text in the format of Lua 5.1's `debug.traceback`.

use runtime::bytecode::op::{Instr, Op};
use runtime::object::{CallInfo, Function};
use runtime::State;

/// Lua 5.1 (`db_errorfb` with LEVELS1 = 12, LEVELS2 = 10, called by lua.c at level 2) shows the
/// first 10 and the last 10 levels of a traceback with more than 21 levels, with `...` between.
const HEAD: usize = 10;
const TAIL: usize = 10;

fn func_name(frames: &[CallInfo], i: usize) -> Option<String> {
    let ci = &frames[i];
    if ci.flags & (CallInfo::TAIL | CallInfo::PCALL) != 0 || i == 0 {
        return None;
    }
    let caller = &frames[i - 1];
    let Function::Lua(cl) = &*caller.closure else {
        return None;
    };
    let pc = caller.pc.checked_sub(1)?;
    let op = Instr(*cl.proto.code.get(pc)?).op();
    if !matches!(op, Op::Call | Op::TailCall) {
        return None;
    }
    cl.proto
        .operand_name(pc, 0)
        .or_else(|| cl.proto.operand_name(pc, 1))
        .map(|n| n.name.clone())
}

/// The traceback of the running coroutine, innermost frame first.
pub fn traceback(st: &State) -> String {
    let frames = &st.cur.frames;
    let mut lines: Vec<String> = Vec::new();
    for i in (0..frames.len()).rev() {
        let ci = &frames[i];
        let name = func_name(frames, i);
        let entry = match &*ci.closure {
            Function::Native(_) => match name {
                Some(n) => format!("[C]: in function '{n}'"),
                None => "[C]: ?".to_string(),
            },
            Function::Lua(cl) => {
                let p = cl.proto;
                let line = p.line_at(ci.pc.saturating_sub(1));
                let what = match name {
                    Some(n) => format!("in function '{n}'"),
                    None if p.line_defined == 0 => "in main chunk".to_string(),
                    None => format!("in function <{}:{}>", p.source, p.line_defined),
                };
                format!("{}:{}: {}", p.source, line, what)
            }
        };
        lines.push(entry);
        if ci.flags & CallInfo::TAIL != 0 {
            lines.push("(tail call): ?".to_string());
        }
    }
    lines.push("[C]: ?".to_string());
    let mut out = String::from("stack traceback:");
    if lines.len() > HEAD + TAIL + 1 {
        for l in &lines[..HEAD] {
            out.push_str("\n\t");
            out.push_str(l);
        }
        out.push_str("\n\t...");
        for l in &lines[lines.len() - TAIL..] {
            out.push_str("\n\t");
            out.push_str(l);
        }
    } else {
        for l in &lines {
            out.push_str("\n\t");
            out.push_str(l);
        }
    }
    out
}
