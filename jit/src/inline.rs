//! Speculative inlining of small pure functions at call sites.
//!
//! A *pure leaf* is a Lua function whose body is straight-line number arithmetic on its
//! parameters, its locals and number constants, ending in `return <one value>`: no calls, no
//! tables, no upvalues, no globals, no branches (spectralnorm's
//! `local function a(i, j) local s = i + j return 1.0 / (s * (s + 1) * 0.5 + i + 1) end`).
//! With number arguments such a body cannot fail, allocate, yield or observe its frame, so it
//! needs no frame of its own: compiled code computes it in registers.
//!
//! When a function compiles, the tier looks at what each `CALL A B 2` (one result, as many
//! arguments as the callee has parameters) would call *now*: the value an upvalue or global
//! named by the instruction that pushed the function holds in the running closure
//! (`call_hints`). A pure leaf found there becomes a hint. The translator guards the hint at
//! run time (the slot holds a Lua closure of that very prototype, the arguments are numbers;
//! else a deopt at the `CALL`, which the interpreter then executes) and emits the body inline
//! (`Translator::inline_call`). The hinted prototypes are kept alive with the caller
//! (`JitSlot::keep`), so the address the guard compares with is never reused by another
//! prototype while the code exists. A call site whose guard keeps failing is recompiled
//! generic like any other guard, and generic call sites are not inlined.

use runtime::bytecode::op::{Instr, Op};
use runtime::bytecode::verify::State as HState;
use runtime::object::{Function, Proto};
use runtime::{Gc, State, Value};
use std::collections::{HashMap, HashSet};

/// Longest body inlined (instructions).
const MAX_BODY: usize = 32;

/// One step of a pure leaf, on the callee's slots (fixed slots, then its operand stack),
/// numbered absolutely.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// `to = from`.
    Copy { from: u32, to: u32 },
    /// `to = x` for a number constant.
    Num { to: u32, x: f64 },
    /// `to = x kind y` (kind 0 add .. 4 mod, 6 unary minus of x).
    Arith { kind: u32, x: Src, y: Src, to: u32 },
    /// Return the value of slot `from`.
    Ret { from: u32 },
}

#[derive(Clone, Copy, Debug)]
pub enum Src {
    Slot(u32),
    Num(f64),
}

/// The body of `q` as steps when it is a pure leaf.
pub fn pure_leaf(q: &Proto) -> Option<Vec<Step>> {
    if q.is_vararg || q.needs_arg || !q.upvals.is_empty() || !q.protos.is_empty() {
        return None;
    }
    let ns = q.num_slots as u32;
    let np = q.num_params as u32;
    let width = ns + q.max_stack;
    let num_k = |k: u32| q.consts.get(k as usize).and_then(|v| v.as_number());
    // Which fixed slots hold a number: parameters, and locals once assigned (they start nil).
    let mut defined: Vec<bool> = (0..ns).map(|i| i < np).collect();
    let mut h: u32 = 0;
    let mut steps = Vec::new();
    use Op::*;
    for (pc, &w) in q.code.iter().enumerate() {
        if pc >= MAX_BODY {
            return None;
        }
        let ins = Instr(w);
        let op = Op::from_u8(ins.op_byte())?;
        let top = ns + h;
        let local = |s: u32, d: &[bool]| (s < ns && d[s as usize]).then_some(s);
        // (Only used for the arithmetic forms accepted below; the `^` forms are not.)
        let kind = if op == Unm {
            6
        } else {
            crate::codegen::op_kind(op)
        };
        // (step, new height)
        let (step, nh) = match op {
            GetLocal => (
                Step::Copy {
                    from: local(ins.a24(), &defined)?,
                    to: top,
                },
                h + 1,
            ),
            SetLocal => {
                let s = ins.a24();
                if s >= ns || h == 0 {
                    return None;
                }
                defined[s as usize] = true;
                (
                    Step::Copy {
                        from: top - 1,
                        to: s,
                    },
                    h - 1,
                )
            }
            LoadK => (
                Step::Num {
                    to: top,
                    x: num_k(ins.a24())?,
                },
                h + 1,
            ),
            Return => {
                if ins.b16() != 2 || h == 0 || ins.a8() != top - 1 {
                    return None;
                }
                steps.push(Step::Ret { from: top - 1 });
                return Some(steps);
            }
            Unm | AddTL | SubTL | MulTL | DivTL | ModTL | AddTK | SubTK | MulTK | DivTK | ModTK => {
                if h == 0 {
                    return None;
                }
                let y = match op {
                    Unm => Src::Slot(top - 1),
                    AddTL | SubTL | MulTL | DivTL | ModTL => Src::Slot(local(ins.a24(), &defined)?),
                    _ => Src::Num(num_k(ins.a24())?),
                };
                let x = Src::Slot(top - 1);
                (
                    Step::Arith {
                        kind,
                        x,
                        y,
                        to: top - 1,
                    },
                    h,
                )
            }
            Add | Sub | Mul | Div | Mod => {
                if h < 2 {
                    return None;
                }
                let (x, y) = (Src::Slot(top - 2), Src::Slot(top - 1));
                (
                    Step::Arith {
                        kind,
                        x,
                        y,
                        to: top - 2,
                    },
                    h - 1,
                )
            }
            AddLL | SubLL | MulLL | DivLL | ModLL | AddLK | SubLK | MulLK | DivLK | ModLK => {
                let x = Src::Slot(local(ins.a8(), &defined)?);
                let y = if matches!(op, AddLL | SubLL | MulLL | DivLL | ModLL) {
                    Src::Slot(local(ins.b16(), &defined)?)
                } else {
                    Src::Num(num_k(ins.b16())?)
                };
                (
                    Step::Arith {
                        kind,
                        x,
                        y,
                        to: top,
                    },
                    h + 1,
                )
            }
            SAddLL | SSubLL | SMulLL | SDivLL | SModLL | SAddLK | SSubLK | SMulLK | SDivLK
            | SModLK => {
                let x = Src::Slot(local(ins.b8(), &defined)?);
                let y = if matches!(op, SAddLL | SSubLL | SMulLL | SDivLL | SModLL) {
                    Src::Slot(local(ins.c8(), &defined)?)
                } else {
                    Src::Num(num_k(ins.c8())?)
                };
                let d = ins.a8();
                if d >= ns {
                    return None;
                }
                defined[d as usize] = true;
                (Step::Arith { kind, x, y, to: d }, h)
            }
            _ => return None,
        };
        if ns + nh > width {
            return None;
        }
        h = nh;
        steps.push(step);
    }
    None
}

/// What the call sites of `p` would call now, judged by the running closure of `p` (the top
/// frame, when it runs `p`).
#[derive(Default)]
pub struct CallHints {
    /// Sites worth inlining: the callee's prototype and body.
    pub inline: HashMap<usize, (Gc<Proto>, Vec<Step>)>,
    /// `CALL`s (any shape) of a closure of `p` itself: recursion, called directly.
    pub recursive: HashSet<usize>,
}

pub fn call_hints(st: &State, p: &Gc<Proto>, states: &[Option<HState>]) -> CallHints {
    let mut out = CallHints::default();
    let Some(ci) = st.cur.frames.last() else {
        return out;
    };
    let Function::Lua(cl) = &*ci.closure else {
        return out;
    };
    if !Gc::ptr_eq(cl.proto, *p) {
        return out;
    }
    let hints = &mut out.inline;
    let code = &p.code;
    let ns = p.num_slots as u32;
    // The last instruction pushing each operand stack height, within straight-line code.
    let mut pusher: HashMap<u32, usize> = HashMap::new();
    for (pc, ins, op, _) in crate::infer::instructions(p, states) {
        let Some(s) = states[pc] else {
            continue;
        };
        // Whatever was pushed at this height or above is gone (popped or overwritten).
        pusher.retain(|&k, _| k < ns + s.h);
        match op {
            Op::GetUpval | Op::GetGlobal | Op::GetLocal => {
                pusher.insert(ns + s.h, pc);
            }
            Op::Call => {
                let (a, b, c) = (ins.a8(), ins.b8(), ins.c8());
                if let Some(&fp) = pusher.get(&a) {
                    let f = Instr(code[fp]);
                    if f.op_byte() == Op::GetUpval as u8 {
                        let v = cl.upvals.get(f.a24() as usize).map(|u| u.get());
                        if v.and_then(lua_proto).is_some_and(|q| Gc::ptr_eq(q, *p)) {
                            out.recursive.insert(pc);
                        }
                    }
                }
                if c == 2 && b >= 1 {
                    if let Some(&fp) = pusher.get(&a) {
                        let f = Instr(code[fp]);
                        let v = match Op::from_u8(f.op_byte()) {
                            Some(Op::GetUpval) => cl.upvals.get(f.a24() as usize).map(|u| u.get()),
                            Some(Op::GetGlobal) => p
                                .consts
                                .get(f.a24() as usize)
                                .filter(|k| k.as_string().is_some())
                                .map(|&k| cl.env.get(k)),
                            _ => None,
                        };
                        if let Some(q) = v.and_then(lua_proto) {
                            if q.num_params as u32 == b - 1 {
                                if let Some(steps) = pure_leaf(&q) {
                                    hints.insert(pc, (q, steps));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn lua_proto(v: Value) -> Option<Gc<Proto>> {
    let f = v.as_function()?;
    match &*f {
        Function::Lua(cl) => Some(cl.proto),
        Function::Native(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first nested function of `src` (alive as long as `st`).
    fn first_fn(st: &mut State, src: &str) -> Gc<Proto> {
        let main = interp::compile(st, src.as_bytes(), "t").expect("compiles");
        main.protos[0]
    }

    #[test]
    fn straight_line_number_arithmetic_is_a_pure_leaf() {
        for src in [
            "local function a(i, j) local s = i + j return 1.0 / (s * (s + 1) * 0.5 + i + 1) end",
            "local function f(x) return x * x end",
            "local function f(x) return -x % 7 end",
            "local function f(x, y) local t = x t = t - y * 2 return t end",
        ] {
            let mut st = State::new();
            let p = first_fn(&mut st, src);
            let steps = pure_leaf(&p).unwrap_or_else(|| panic!("pure: {src}"));
            assert!(matches!(steps.last(), Some(Step::Ret { .. })), "{src}");
        }
    }

    #[test]
    fn anything_else_is_not_inlined() {
        for src in [
            // a call, a table, a global, an upvalue, a branch, a string constant, a nil local,
            // two results, a vararg, no return value, a power (a helper call)
            "local function f(x) return math.floor(x) end",
            "local function f(t) return t[1] end",
            "local function f(x) return x + g end",
            "local u = 1 local function f(x) return x + u end",
            "local function f(x) if x > 0 then return x end return -x end",
            "local function f(x) return x .. 's' end",
            "local function f(x) return x + '1' end",
            "local function f(x) local y return x + y end",
            "local function f(x) return x, x end",
            "local function f(...) return 1 end",
            "local function f(x) end",
            "local function f(x) return x ^ 2 end",
        ] {
            let mut st = State::new();
            let p = first_fn(&mut st, src);
            assert!(pure_leaf(&p).is_none(), "not pure: {src}");
        }
    }
}
