//! Which fixed slots hold numbers (or tables) where control enters a bytecode block.
//!
//! A forward dataflow pass over the bytecode, run before translation. Its answer lets the
//! translator keep loop-carried numbers (accumulators, loop indices, coordinates) and the
//! loop's own tables in machine registers across block edges, loop back-edges above all,
//! instead of storing, reloading and re-checking them every iteration (a store followed by a
//! reload of the same slot adds a store-forwarding delay to every loop-carried dependency).
//!
//! The pass models what *compiled* code does: an arithmetic instruction that speculates on
//! numbers (its pc is not *generic*) leaves a number or does not continue (it deoptimizes),
//! and the locals it checked are numbers after it; a number constant is a number, `FORPREP`
//! leaves three numbers, `FORLOOP` a number index, `NEWTABLE` a table. Everything else is
//! "anything". Types meet at merges (a number only if a number on every edge), except that a
//! loop entry takes what the edges from inside the loop bring (the entry edge then checks it
//! once). Only slots live at a leader are reported; of those, the ones read in the innermost
//! loop around it are worth a register (`Entry::reg`, `Entry::tbl`), the other numbers only
//! their type (`Entry::mem`).
//!
//! The answer is a *speculation*, never trusted blindly: every edge into a block (and every
//! entry from the interpreter) either knows the value is a number or checks it, and a failed
//! check deoptimizes to the block's first instruction, counted like any other guard, so a
//! block whose assumption keeps failing is recompiled *generic* (assuming nothing). The
//! translator may also know less than this pass (after a helper call it forgets the fixed
//! slots of a frame that created closures); it then re-checks on the edge.
//!
//! A frame's fixed slots can change behind its back only through open upvalues, and only a
//! prototype with a `CLOSURE` instruction can have open upvalues into its own frame (the
//! debug library has no `setlocal`). So for prototypes without closures, calls and
//! metamethods keep what is known about fixed slots.

use runtime::bytecode::op::{jump_target_in, Instr, Op};
use runtime::bytecode::verify::State as HState;
use runtime::object::Proto;
use std::collections::{HashMap, HashSet};

/// What a block leader assumes about fixed slots.
#[derive(Clone, Default, Debug)]
pub struct Entry {
    /// Numbers carried in registers (read inside the innermost loop around the leader).
    pub reg: Vec<u32>,
    /// Numbers left in memory (only their type is carried): keeping every number of the
    /// enclosing loops in registers through an inner loop would make the register
    /// allocator spill them, which costs more than reloading them from their slots.
    pub mem: Vec<u32>,
    /// Tables carried in registers (their object address), chosen like `reg`.
    pub tbl: Vec<u32>,
}

impl Entry {
    pub fn is_empty(&self) -> bool {
        self.reg.is_empty() && self.mem.is_empty() && self.tbl.is_empty()
    }
}

/// What a slot holds (the dataflow lattice: equal types meet to themselves, anything else to
/// `ANY`).
type Ty = u8;
const ANY: Ty = 0;
const NUM: Ty = 1;
const TBL: Ty = 2;

/// For each pc in `leaders`, the fixed slots (ascending) that hold numbers whenever control
/// reaches it from inside the function. Leaders in `generic` assume nothing.
pub fn number_slots(
    p: &Proto,
    states: &[Option<HState>],
    generic: &HashSet<usize>,
    leaders: &[usize],
    inlined: &HashSet<usize>,
) -> HashMap<usize, Entry> {
    let code = &p.code;
    let n = code.len();
    let ns = p.num_slots as usize;
    let width = ns + p.max_stack as usize + 2;
    let makes_closures = code
        .iter()
        .any(|&w| Instr(w).op_byte() == Op::Closure as u8);
    let loops = loop_reads(p, states, inlined);
    // Where a loop is entered from outside (a `while` loop's header, the `FORLOOP` that a
    // `FORPREP` jumps to), the types are what the loop itself brings on every iteration but
    // the first (the entry edge then checks them once). That depends on the body, which
    // depends on the entry: each round fixes the entries at the previous round's answer
    // from inside and recomputes everything else from scratch (a body computed from an
    // entry that knew less would otherwise keep knowing less: meets only go down). A few
    // rounds settle; any answer is safe, since every edge checks what its target assumes.
    let mut fixed: HashMap<usize, Vec<Ty>> = HashMap::new();
    let mut round = 0;
    let (at, inside) = loop {
        round += 1;
        // `None` = not reached yet.
        let mut at: Vec<Option<Vec<Ty>>> = vec![None; n];
        // The same, over the edges from inside the innermost loop around each pc only: at a loop
        // entry, what the loop itself guarantees on every iteration but the first.
        let mut inside: Vec<Option<Vec<Ty>>> = vec![None; n];
        // Positions entered from outside their innermost loop.
        let mut entries: HashSet<usize> = HashSet::new();
        let mut work: Vec<usize> = Vec::new();
        if n > 0 && states.first().is_some_and(|s| s.is_some()) {
            at[0] = Some(vec![ANY; width]);
            work.push(0);
        }
        let height = |pc: usize| -> usize {
            states
                .get(pc)
                .and_then(|s| s.as_ref())
                .map_or(0, |s| s.h as usize)
        };
        while let Some(pc) = work.pop() {
            let Some(mut ty) = at[pc].clone() else {
                continue;
            };
            let ins = Instr(code[pc]);
            let Some(op) = Op::from_u8(ins.op_byte()) else {
                continue;
            };
            let next = pc + 1 + op.extra_words();
            let t = ns + height(pc);
            let generic_pc = generic.contains(&pc);
            let num_k = |k: u32| p.consts.get(k as usize).is_some_and(|c| c.is_number());
            let set = |ty: &mut Vec<Ty>, i: usize, v: Ty| {
                if i < ty.len() {
                    ty[i] = v;
                }
            };
            // Slots written with "anything" by the stack effect, then what is known better.
            if let runtime::bytecode::op::Effect::Fixed(pops, pushes) = op.info().effect {
                let from = t.saturating_sub(pops as usize);
                for i in from..from + pushes as usize {
                    set(&mut ty, i, ANY);
                }
            }
            let arith_ok = !generic_pc;
            let num_if = |c: bool| if c { NUM } else { ANY };
            match op {
                Op::LoadNil => {
                    for i in 0..ins.a24() as usize {
                        set(&mut ty, t + i, ANY);
                    }
                }
                Op::LoadK => set(&mut ty, t, num_if(num_k(ins.a24()))),
                Op::NewTable => set(&mut ty, t, TBL),
                Op::GetLocal => {
                    let v = ty.get(ins.a24() as usize).copied().unwrap_or(ANY);
                    set(&mut ty, t, v);
                }
                Op::SetLocal => {
                    let v = if t >= 1 {
                        ty.get(t - 1).copied().unwrap_or(ANY)
                    } else {
                        ANY
                    };
                    set(&mut ty, ins.a24() as usize, v);
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Pow => {
                    set(&mut ty, t.saturating_sub(2), num_if(arith_ok))
                }
                Op::Unm => set(&mut ty, t.saturating_sub(1), num_if(arith_ok)),
                Op::AddTL | Op::SubTL | Op::MulTL | Op::DivTL | Op::ModTL | Op::PowTL => {
                    set(&mut ty, t.saturating_sub(1), num_if(arith_ok))
                }
                Op::AddTK | Op::SubTK | Op::MulTK | Op::DivTK | Op::ModTK | Op::PowTK => set(
                    &mut ty,
                    t.saturating_sub(1),
                    num_if(arith_ok && num_k(ins.a24())),
                ),
                Op::AddLL | Op::SubLL | Op::MulLL | Op::DivLL | Op::ModLL | Op::PowLL => {
                    set(&mut ty, t, num_if(arith_ok))
                }
                Op::AddLK | Op::SubLK | Op::MulLK | Op::DivLK | Op::ModLK | Op::PowLK => {
                    set(&mut ty, t, num_if(arith_ok && num_k(ins.b16())))
                }
                Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => {
                    set(&mut ty, ins.a8() as usize, num_if(arith_ok))
                }
                Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK => set(
                    &mut ty,
                    ins.a8() as usize,
                    num_if(arith_ok && num_k(ins.c8())),
                ),
                Op::Concat => set(&mut ty, t.saturating_sub(ins.a24() as usize), ANY),
                Op::Call | Op::TailCall => {
                    for v in ty.iter_mut().skip(ins.a8() as usize) {
                        *v = ANY;
                    }
                    // An inlined pure leaf (see `inline`) leaves a number, or deopts.
                    if inlined.contains(&pc) {
                        set(&mut ty, ins.a8() as usize, NUM);
                    }
                }
                Op::Vararg => {
                    for v in ty.iter_mut().skip(t) {
                        *v = ANY;
                    }
                }
                _ => {}
            }
            // Operands a speculating instruction checked are numbers after it (it deopts
            // otherwise).
            for i in checked(p, ins, op, generic_pc) {
                set(&mut ty, i as usize, NUM);
            }
            // Lua code run by this instruction (a call, a metamethod) may write the fixed slots
            // of a frame that created closures.
            if makes_closures && !pure(op, arith_ok) && !inlined.contains(&pc) {
                for v in ty.iter_mut().take(ns) {
                    *v = ANY;
                }
            }
            // Successors, with what each edge adds.
            let mut succ: Vec<(usize, Vec<Ty>)> = Vec::with_capacity(2);
            match op {
                Op::Return => {}
                Op::Jmp => {
                    if let Some(tg) = jump_target_in(code, pc) {
                        succ.push((tg as usize, ty));
                    }
                }
                Op::ForPrep => {
                    let a = ins.a8() as usize;
                    for i in a..a + 3 {
                        set(&mut ty, i, NUM);
                    }
                    if let Some(tg) = jump_target_in(code, pc) {
                        succ.push((tg as usize, ty));
                    }
                }
                Op::ForLoop => {
                    let a = ins.a8() as usize;
                    set(&mut ty, a, NUM);
                    let mut body = ty.clone();
                    set(&mut body, a + 3, NUM);
                    if let Some(tg) = jump_target_in(code, pc) {
                        succ.push((tg as usize, body));
                    }
                    succ.push((next, ty));
                }
                Op::TForLoop => {
                    let mut body = ty.clone();
                    set(&mut body, ins.a8() as usize + 2, ANY);
                    if let Some(tg) = jump_target_in(code, pc) {
                        succ.push((tg as usize, body));
                    }
                    succ.push((next, ty));
                }
                _ => {
                    if let Some(tg) = jump_target_in(code, pc) {
                        succ.push((tg as usize, ty.clone()));
                    }
                    succ.push((next, ty));
                }
            }
            for (s, mut ty) in succ {
                if s >= n || states[s].is_none() {
                    continue;
                }
                // Values above the successor's height are dead.
                let live = ns + height(s);
                for v in ty.iter_mut().skip(live) {
                    *v = ANY;
                }
                if let Some((h, e, _)) = innermost(&loops, s) {
                    if (*h..=*e).contains(&pc) {
                        meet_into(&mut inside[s], &ty);
                    } else {
                        entries.insert(s);
                    }
                }
                if let Some(f) = fixed.get(&s) {
                    if at[s].is_none() {
                        at[s] = Some(f.clone());
                        work.push(s);
                    }
                    continue;
                }
                let changed = match &mut at[s] {
                    None => {
                        at[s] = Some(ty);
                        true
                    }
                    Some(old) => {
                        let mut c = false;
                        for (o, v) in old.iter_mut().zip(ty) {
                            if *o != v && *o != ANY {
                                *o = ANY;
                                c = true;
                            }
                        }
                        c
                    }
                };
                if changed {
                    work.push(s);
                }
            }
        }
        let next: HashMap<usize, Vec<Ty>> = entries
            .iter()
            .filter_map(|&s| inside[s].clone().map(|i| (s, i)))
            .collect();
        if next == fixed || round == 4 {
            break (at, inside);
        }
        fixed = next;
    };
    let (mut at, inside) = (at, inside);
    let live = liveness(p, states);
    // A loop entry assumes what every edge from inside the loop brings (the entry edge from
    // outside then checks it once, instead of the body checking it every iteration): a loop
    // invariant the body uses as a number is checked before the loop.
    for l in 0..n {
        if let (Some(a), Some(i)) = (&mut at[l], &inside[l]) {
            a.copy_from_slice(i);
        }
    }
    let mut out = leaders
        .iter()
        .map(|&l| {
            // Not at a leader with open results above the stack (a failed check could not
            // name the top to resume with).
            let open = states
                .get(l)
                .and_then(|s| s.as_ref())
                .is_none_or(|s| s.open);
            let of = |want: Ty| -> Vec<u32> {
                match (&at[l], generic.contains(&l) || open) {
                    // Only live slots: a dead slot's type is of no use, and entries would
                    // check it for nothing (a loop entry sees the body's locals as nil).
                    (Some(ty), false) => (0..ns as u32)
                        .filter(|&i| ty[i as usize] == want && live[l].contains(&i))
                        .collect(),
                    _ => Vec::new(),
                }
            };
            let slots = of(NUM);
            let tables = of(TBL);
            // The innermost loop around `l` decides which numbers stay in registers.
            let inner = innermost(&loops, l);
            let (reg, mem) = match inner {
                Some((_, _, reads)) => slots
                    .into_iter()
                    .partition(|i| reads.contains(i) && live[l].contains(i)),
                None => (Vec::new(), slots),
            };
            let tbl = match inner {
                Some((_, _, reads)) => tables
                    .into_iter()
                    .filter(|i| reads.contains(i) && live[l].contains(i))
                    .collect(),
                None => Vec::new(),
            };
            (l, Entry { reg, mem, tbl })
        })
        .collect::<HashMap<usize, Entry>>();
    // A leader reached by leaving a loop keeps in registers only what that loop kept there:
    // otherwise the numbers of the outer loop would stay live (in registers or spilled)
    // through the inner one.
    for (pc, _, op, next) in instructions(p, states) {
        let Some((h, e, reads)) = innermost(&loops, pc) else {
            continue;
        };
        for s in successors(code, pc, op, next) {
            if (*h..=*e).contains(&s) {
                continue;
            }
            if let Some(entry) = out.get_mut(&s) {
                let (keep, drop): (Vec<u32>, Vec<u32>) =
                    entry.reg.iter().partition(|i| reads.contains(i));
                entry.reg = keep;
                entry.mem.extend(drop);
                entry.mem.sort_unstable();
                entry.tbl.retain(|i| reads.contains(i));
            }
        }
    }
    out
}

/// The fixed slots live at each pc (read before being written on some path from it): only
/// those are worth a register. A missed read costs a reload, never a wrong value.
fn liveness(p: &Proto, states: &[Option<HState>]) -> Vec<HashSet<u32>> {
    let code = &p.code;
    let n = code.len();
    let ns = p.num_slots as u32;
    let instrs = instructions(p, states);
    let mut live: Vec<HashSet<u32>> = vec![HashSet::new(); n + 1];
    let mut changed = true;
    while changed {
        changed = false;
        for &(pc, ins, op, next) in instrs.iter().rev() {
            let mut out: HashSet<u32> = HashSet::new();
            for s in successors(code, pc, op, next) {
                if let Some(l) = live.get(s) {
                    out.extend(l.iter().copied());
                }
            }
            for w in writes(ins, op) {
                out.remove(&w);
            }
            out.extend(reads(ins, op).into_iter().filter(|&i| i < ns));
            if out.len() != live[pc].len() {
                live[pc] = out;
                changed = true;
            }
        }
    }
    live
}

/// The fixed slots an instruction surely overwrites.
pub(crate) fn writes(ins: Instr, op: Op) -> Vec<u32> {
    match op {
        Op::SetLocal => vec![ins.a24()],
        Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => {
            vec![ins.a8()]
        }
        Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK => {
            vec![ins.a8()]
        }
        Op::ForPrep => vec![ins.a8(), ins.a8() + 1, ins.a8() + 2],
        // The loop variable (on the way into the body; after the loop it is out of scope).
        Op::ForLoop => vec![ins.a8() + 3],
        _ => Vec::new(),
    }
}

/// A loop: the pcs `h..=e` (a backward jump from `e` to `h`; the compiler emits loop bodies
/// contiguously) and the fixed slots read inside it.
type Loop = (usize, usize, HashSet<u32>);

/// The innermost loop around `pc`.
fn innermost(loops: &[Loop], pc: usize) -> Option<&Loop> {
    loops
        .iter()
        .filter(|(h, e, _)| *h <= pc && pc <= *e)
        .min_by_key(|(h, e, _)| e - h)
}

/// The reachable instructions of `p`: (pc, instruction, opcode, next pc).
pub(crate) fn instructions(p: &Proto, states: &[Option<HState>]) -> Vec<(usize, Instr, Op, usize)> {
    let code = &p.code;
    let mut out = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        let ins = Instr(code[pc]);
        let Some(op) = Op::from_u8(ins.op_byte()) else {
            break;
        };
        let next = pc + 1 + op.extra_words();
        if states.get(pc).is_some_and(|s| s.is_some()) {
            out.push((pc, ins, op, next));
        }
        pc = next;
    }
    out
}

/// Meet `ty` into `slot` (`None`: not reached yet).
fn meet_into(slot: &mut Option<Vec<Ty>>, ty: &[Ty]) {
    match slot {
        None => *slot = Some(ty.to_vec()),
        Some(old) => {
            for (o, v) in old.iter_mut().zip(ty) {
                if *o != *v {
                    *o = ANY;
                }
            }
        }
    }
}

/// The fixed slots a speculating instruction checks to be numbers (it deoptimizes
/// otherwise), given whether its pc is generic.
fn checked(p: &Proto, ins: Instr, op: Op, generic_pc: bool) -> Vec<u32> {
    if generic_pc {
        return Vec::new();
    }
    let num_k = |k: u32| p.consts.get(k as usize).is_some_and(|c| c.is_number());
    match op {
        Op::AddLL | Op::SubLL | Op::MulLL | Op::DivLL | Op::ModLL | Op::PowLL => {
            vec![ins.a8(), ins.b16()]
        }
        Op::AddLK | Op::SubLK | Op::MulLK | Op::DivLK | Op::ModLK | Op::PowLK
            if num_k(ins.b16()) =>
        {
            vec![ins.a8()]
        }
        Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => {
            vec![ins.b8(), ins.c8()]
        }
        Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK
            if num_k(ins.c8()) =>
        {
            vec![ins.b8()]
        }
        Op::AddTL | Op::SubTL | Op::MulTL | Op::DivTL | Op::ModTL | Op::PowTL => vec![ins.a24()],
        Op::JLtLL | Op::JLeLL => vec![ins.a8(), ins.b8()],
        Op::JLtLK | Op::JLeLK if num_k(ins.b8()) => vec![ins.a8()],
        _ => Vec::new(),
    }
}

/// Where control can go after the instruction at `pc`.
fn successors(code: &[u32], pc: usize, op: Op, next: usize) -> Vec<usize> {
    let target = jump_target_in(code, pc).map(|t| t as usize);
    match op {
        Op::Return => Vec::new(),
        Op::Jmp | Op::ForPrep => target.into_iter().collect(),
        _ => target.into_iter().chain([next]).collect(),
    }
}

/// The loops of `p` (a backward jump from `e` to `h` spans `h..=e`; the compiler emits loop
/// bodies contiguously) with the fixed slots read inside each.
fn loop_reads(p: &Proto, states: &[Option<HState>], inlined: &HashSet<usize>) -> Vec<Loop> {
    let code = &p.code;
    let instrs = instructions(p, states);
    let mut loops: Vec<Loop> = Vec::new();
    for &(pc, _, _, _) in &instrs {
        if let Some(t) = jump_target_in(code, pc) {
            if t >= 0 && (t as usize) <= pc {
                loops.push((t as usize, pc, HashSet::new()));
            }
        }
    }
    if loops.is_empty() {
        return loops;
    }
    let ns = p.num_slots as u32;
    for &(pc, ins, op, _) in &instrs {
        let r = reads(ins, op);
        let calls = calls_out(op) && !inlined.contains(&pc);
        for (h, e, set) in loops.iter_mut() {
            if *h <= pc && pc <= *e {
                set.extend(r.iter().copied().filter(|&i| i < ns));
                if calls {
                    // Marks the loop: see `calls_out`.
                    set.insert(u32::MAX);
                }
            }
        }
    }
    // A loop that calls out on its main path keeps nothing in registers: every register
    // value live across a call is spilled and reloaded around it anyway, on top of the
    // slot's own store, where reloading the slot (with its type known) costs less.
    for (_, _, set) in loops.iter_mut() {
        if set.contains(&u32::MAX) {
            set.clear();
        }
    }
    loops
}

/// Instructions whose usual path calls a helper or another function.
fn calls_out(op: Op) -> bool {
    matches!(
        op,
        Op::Call
            | Op::TailCall
            | Op::Concat
            | Op::NewTable
            | Op::Closure
            | Op::Len
            | Op::SetList
            | Op::Vararg
            | Op::SetGlobal
            | Op::Close
            | Op::Pow
            | Op::PowLL
            | Op::PowLK
            | Op::SPowLL
            | Op::SPowLK
            | Op::PowTL
            | Op::PowTK
    )
}

/// The fixed slots an instruction reads by number.
fn reads(ins: Instr, op: Op) -> Vec<u32> {
    match op {
        Op::GetLocal => vec![ins.a24()],
        Op::AddLL | Op::SubLL | Op::MulLL | Op::DivLL | Op::ModLL | Op::PowLL => {
            vec![ins.a8(), ins.b16()]
        }
        Op::AddLK | Op::SubLK | Op::MulLK | Op::DivLK | Op::ModLK | Op::PowLK => vec![ins.a8()],
        Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => {
            vec![ins.b8(), ins.c8()]
        }
        Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK => {
            vec![ins.b8()]
        }
        Op::JLtLL | Op::JLeLL | Op::JEqLL => vec![ins.a8(), ins.b8()],
        Op::JLtLK | Op::JLeLK | Op::JEqLK => vec![ins.a8()],
        Op::AddTL | Op::SubTL | Op::MulTL | Op::DivTL | Op::ModTL | Op::PowTL => vec![ins.a24()],
        Op::GetFieldL | Op::SetFieldL => vec![ins.a8()],
        Op::GetTableLL | Op::SetTableLL => vec![ins.a8(), ins.b16()],
        Op::ForLoop => vec![ins.a8(), ins.a8() + 1, ins.a8() + 2],
        _ => Vec::new(),
    }
}

/// Instructions that never run Lua code (no call, no metamethod, no allocation that could run
/// a finalizer).
fn pure(op: Op, arith_ok: bool) -> bool {
    match op {
        Op::Nop
        | Op::LoadNil
        | Op::LoadTrue
        | Op::LoadFalse
        | Op::LoadK
        | Op::GetLocal
        | Op::SetLocal
        | Op::GetUpval
        | Op::SetUpval
        | Op::Not
        | Op::Jmp
        | Op::JmpF
        | Op::JmpT
        | Op::AndJ
        | Op::OrJ
        | Op::Pop
        | Op::Close
        | Op::ForPrep
        | Op::ForLoop
        | Op::TForLoop => true,
        Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Pow | Op::Unm => arith_ok,
        Op::AddLL | Op::SubLL | Op::MulLL | Op::DivLL | Op::ModLL | Op::PowLL => arith_ok,
        Op::AddLK | Op::SubLK | Op::MulLK | Op::DivLK | Op::ModLK | Op::PowLK => arith_ok,
        Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => arith_ok,
        Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK => arith_ok,
        Op::AddTL | Op::SubTL | Op::MulTL | Op::DivTL | Op::ModTL | Op::PowTL => arith_ok,
        Op::AddTK | Op::SubTK | Op::MulTK | Op::DivTK | Op::ModTK | Op::PowTK => arith_ok,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runtime::bytecode::verify;
    use runtime::gc::Gc;
    use runtime::state::State;

    /// The first nested function of `src`, and the analysis of all its reachable pcs.
    fn analyse(src: &str) -> (Gc<Proto>, HashMap<usize, Entry>) {
        // The prototype lives in the state's heap: the state must outlive it (leaked, in a
        // test).
        let st: &mut State = Box::leak(State::new());
        let main = interp::compile(st, src.as_bytes(), "t").expect("compiles");
        let p = main.protos[0];
        let states = verify::stack_states(&p).expect("verifies");
        let all: Vec<usize> = (0..p.code.len()).filter(|&i| states[i].is_some()).collect();
        let e = number_slots(&p, &states, &HashSet::new(), &all, &HashSet::new());
        (p, e)
    }

    /// The pc of the first instruction with opcode `op`.
    fn find(p: &Proto, op: Op) -> usize {
        p.code
            .iter()
            .position(|&w| Instr(w).op_byte() == op as u8)
            .expect("opcode present")
    }

    #[test]
    fn loop_carried_numbers_go_to_registers() {
        // slots: 0 n, 1 s, 2..4 for control, 5 i
        let (p, e) = analyse(
            "local function f(n) local s = 0 for i = 1, n do s = s + i * 0.5 end return s end",
        );
        let fl = find(&p, Op::ForLoop);
        let at = &e[&fl];
        for slot in [1, 2, 3, 4] {
            assert!(
                at.reg.contains(&slot),
                "slot {slot} in registers at FORLOOP: {at:?}"
            );
        }
        // The body start (FORLOOP's target) also has the loop variable.
        let body = jump_target_in(&p.code, fl).unwrap() as usize;
        assert!(e[&body].reg.contains(&5), "{:?}", e[&body]);
        // n is not a known number anywhere.
        assert!(e
            .values()
            .all(|x| !x.reg.contains(&0) && !x.mem.contains(&0)));
    }

    #[test]
    fn loop_invariant_checked_in_body_is_assumed_at_entry() {
        // x (slot 0) is checked by the multiplication on every iteration.
        let (p, e) = analyse(
            "local function f(x, n) local s = 0 for i = 1, n do s = s + x * i end return s end",
        );
        let fl = find(&p, Op::ForLoop);
        assert!(e[&fl].reg.contains(&0), "{:?}", e[&fl]);
    }

    #[test]
    fn calls_keep_types_only_and_closures_forget() {
        let (p, e) = analyse(
            "local function f(n) local s = 0 for i = 1, n do s = s + g(i) end return s end",
        );
        let fl = find(&p, Op::ForLoop);
        // A loop that calls out keeps nothing in registers, but s is still a number.
        assert!(e[&fl].reg.is_empty(), "{:?}", e[&fl]);
        assert!(e[&fl].mem.contains(&1), "{:?}", e[&fl]);
        let (p, e) = analyse(
            "local function f(n) local s = 0 local function k() s = 'x' end \
             for i = 1, n do s = s + i k() end return s end",
        );
        let fl = find(&p, Op::ForLoop);
        assert!(
            !e[&fl].mem.contains(&1) && !e[&fl].reg.contains(&1),
            "{:?}",
            e[&fl]
        );
    }

    #[test]
    fn tables_made_here_are_tables() {
        let (p, e) =
            analyse("local function f(n) local t = {} for i = 1, n do t[i] = i end return t end");
        let fl = find(&p, Op::ForLoop);
        let body = jump_target_in(&p.code, fl).unwrap() as usize;
        assert!(e[&body].tbl.contains(&1), "{:?}", e[&body]);
    }

    #[test]
    fn generic_leaders_and_dead_slots_assume_nothing() {
        let src = "local function f(n) local s = 0 for i = 1, n do local d = i * 2 s = s + d end return s end";
        let mut st = State::new();
        let main = interp::compile(&mut st, src.as_bytes(), "t").expect("compiles");
        let p = main.protos[0];
        let states = verify::stack_states(&p).expect("verifies");
        let fl = find(&p, Op::ForLoop);
        let e = number_slots(&p, &states, &HashSet::from([fl]), &[fl], &HashSet::new());
        assert!(e[&fl].is_empty());
        let e = number_slots(&p, &states, &HashSet::new(), &[fl], &HashSet::new());
        // d (slot 6) is dead at FORLOOP: the loop entry would see it as nil.
        assert!(
            !e[&fl].reg.contains(&6) && !e[&fl].mem.contains(&6),
            "{:?}",
            e[&fl]
        );
    }
}
