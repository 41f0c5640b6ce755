//! Call levels as Lua 5.1 counts them (`lua_getstack`), and `stack traceback:` text in the
//! format of 5.1's `debug.traceback`.
//!
//! Levels are the running coroutine's frames, innermost first, plus a C level for each `pcall`
//! or `xpcall` run as a frame flag (Lua 5.1 has a real C function there), plus a
//! `(tail call)` pseudo-level after a frame entered by a tail call.

use runtime::object::{CallInfo, Function, NameInfo};
use runtime::{State, Value};

/// Lua 5.1's `LEVELS1`/`LEVELS2`: a long traceback shows the levels before `LEVELS1`, `...`,
/// and the last `LEVELS2` levels.
const LEVELS1: usize = 12;
const LEVELS2: usize = 10;

/// One call level.
#[derive(Clone, Copy, Debug)]
pub enum Level {
    /// A frame (index into `Thread::frames`).
    Frame(usize),
    /// The C level of the `pcall`/`xpcall` that protects frame `usize`.
    Protect(usize),
    /// The pseudo-level Lua 5.1 reports below a frame entered by a tail call.
    Tail,
}

/// All levels of the running coroutine, innermost first (level 0 first).
pub fn levels(st: &State) -> Vec<Level> {
    let frames = &st.cur.frames;
    let mut out = Vec::with_capacity(frames.len() + 2);
    for i in (0..frames.len()).rev() {
        out.push(Level::Frame(i));
        if frames[i].flags & CallInfo::TAIL != 0 {
            for _ in 0..frames[i].tailcalls.max(1) {
                out.push(Level::Tail);
            }
        }
        if frames[i].flags & CallInfo::PCALL != 0 {
            out.push(Level::Protect(i));
        }
    }
    out
}

/// The name and "namewhat" of a level's function, as `getinfo(..., "n")` gives them.
pub fn level_name(st: &State, l: Level) -> Option<NameInfo> {
    let frames = &st.cur.frames;
    match l {
        Level::Frame(i) => {
            if frames[i].flags & (CallInfo::TAIL | CallInfo::PCALL) != 0 {
                return None;
            }
            st.call_site_of(i)
        }
        Level::Protect(i) => st.call_site_of(i),
        Level::Tail => None,
    }
}

/// The function running at a level (nil for tail pseudo-levels).
pub fn level_function(st: &State, l: Level) -> Value {
    let t = &st.cur;
    match l {
        Level::Frame(i) => Value::function(t.frames[i].closure),
        Level::Protect(i) => t
            .stack
            .get(t.frames[i].func.wrapping_sub(1))
            .copied()
            .unwrap_or(Value::NIL),
        Level::Tail => Value::NIL,
    }
}

/// The current line of a level (-1 for C levels).
pub fn level_line(st: &State, l: Level) -> i64 {
    match l {
        Level::Frame(i) => {
            let ci = &st.cur.frames[i];
            match &*ci.closure {
                Function::Lua(cl) => cl.proto.line_at(ci.pc.saturating_sub(1)) as i64,
                Function::Native(_) => -1,
            }
        }
        _ => -1,
    }
}

fn level_text(st: &State, l: Level) -> String {
    let name = level_name(st, l).map(|n| n.name);
    match l {
        Level::Frame(i) => match &*st.cur.frames[i].closure {
            Function::Native(_) => match name {
                Some(n) => format!("[C]: in function '{n}'"),
                None => "[C]: ?".to_string(),
            },
            Function::Lua(cl) => {
                let p = cl.proto;
                let what = match name {
                    Some(n) => format!("in function '{n}'"),
                    None if p.line_defined == 0 => "in main chunk".to_string(),
                    None => format!("in function <{}:{}>", p.source, p.line_defined),
                };
                format!("{}:{}: {}", p.source, level_line(st, l), what)
            }
        },
        Level::Protect(_) => match name {
            Some(n) => format!("[C]: in function '{n}'"),
            None => "[C]: ?".to_string(),
        },
        Level::Tail => "(tail call): ?".to_string(),
    }
}

/// `stack traceback:` from level `start` (the bottom is the host's `[C]: ?`), truncated as
/// Lua 5.1 truncates it.
pub fn traceback_from(st: &State, start: usize) -> String {
    render(st, start, start)
}

/// The traceback printed for an uncaught error, from the function that raised it. lua.c's
/// message handler asks for it from level 2 of its own call, so the truncation rule counts two
/// host levels above the raiser.
pub fn traceback(st: &State) -> String {
    render(st, 0, 2)
}

/// Levels from `skip` on; `offset` is the level number of the first one shown (it decides
/// where Lua 5.1 truncates).
fn render(st: &State, skip: usize, offset: usize) -> String {
    let all = levels(st);
    let mut lines: Vec<String> = all.iter().skip(skip).map(|&l| level_text(st, l)).collect();
    // The host program's level below the main chunk; a coroutine's body is its last level.
    if st.cur == st.main {
        lines.push("[C]: ?".to_string());
    }
    let mut out = String::from("stack traceback:");
    if offset + lines.len() > LEVELS1 + LEVELS2 + 1 {
        let head = LEVELS1.saturating_sub(offset);
        for l in &lines[..head] {
            out.push_str("\n\t");
            out.push_str(l);
        }
        out.push_str("\n\t...");
        for l in &lines[lines.len() - LEVELS2..] {
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
