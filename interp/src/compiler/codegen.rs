//! Code generation: AST to stack bytecode.
//!
//! Locals live in fixed frame slots allocated like Lua registers (a new local takes the next
//! free slot; a block's slots are released when it ends). The operand stack sits above the
//! highest fixed slot, so its absolute position is only known once the whole function has been
//! compiled: instructions that name an operand-stack slot (`CALL`, `TAILCALL`, `RETURN`,
//! `SETLIST`) are emitted with an operand-relative slot and fixed up in `finish`.
//!
//! Every instruction gets the source line Lua 5.1 would give it, and the operands that a runtime
//! error may name (`global 'x'`, `field 'y'`, ...) are recorded in `Proto::names`.

use super::ast::*;
use runtime::bytecode::op::{Instr, Op, MAX_SJ16, MAX_SJ24};
use runtime::object::{int2fb, LocVar, NameInfo, NameKind, Proto, UpvalDesc};
use runtime::{Gc, Heap, Value};
use std::collections::HashMap;
use std::rc::Rc;

/// Lua 5.1's limits.
const MAX_VARS: usize = 200;
const MAX_UPVALUES: usize = 60;
const MAX_STACK: u32 = 250;
const FIELDS_PER_FLUSH: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    pub message: String,
}

type R<T> = Result<T, CompileError>;

#[derive(Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    Num(u64),
    Str(Vec<u8>),
}

struct ActiveVar {
    name: String,
    slot: u16,
    block: usize,
    locvar: usize,
}

struct BlockScope {
    nactive: usize,
    is_loop: bool,
    breaks: Vec<usize>,
    captured: bool,
}

struct FuncState {
    code: Vec<u32>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    const_map: HashMap<ConstKey, u32>,
    protos: Vec<Gc<Proto>>,
    upvals: Vec<UpvalDesc>,
    actives: Vec<ActiveVar>,
    blocks: Vec<BlockScope>,
    num_slots: u16,
    /// Current operand stack height.
    h: u32,
    max_h: u32,
    is_vararg: bool,
    /// `...` appears in the body.
    uses_vararg: bool,
    /// A 5.1 compatibility `arg` local was declared.
    has_arg_local: bool,
    num_params: u8,
    locvars: Vec<LocVar>,
    names: Vec<NameInfo>,
    /// pcs whose slot operand is operand-stack relative (to add `num_slots` in `finish`).
    fixups: Vec<usize>,
    line_defined: u32,
    last_line: u32,
}

impl FuncState {
    fn new(line_defined: u32, last_line: u32) -> FuncState {
        FuncState {
            code: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            const_map: HashMap::new(),
            protos: Vec::new(),
            upvals: Vec::new(),
            actives: Vec::new(),
            blocks: Vec::new(),
            num_slots: 0,
            h: 0,
            max_h: 0,
            is_vararg: false,
            uses_vararg: false,
            has_arg_local: false,
            num_params: 0,
            locvars: Vec::new(),
            names: Vec::new(),
            fixups: Vec::new(),
            line_defined,
            last_line,
        }
    }
}

enum Var {
    Local(u16),
    Upval(u32),
    Global,
}

pub struct Compiler<'h> {
    heap: &'h mut Heap,
    source: Rc<str>,
    /// `Proto::chunkname`.
    raw_name: Option<Rc<str>>,
    chunkname: String,
    fs: Vec<FuncState>,
    line: u32,
    /// The last expression compiled left an open (multi-value) result.
    last_open: bool,
    /// Name of the callee of the call being compiled, for "attempt to call" errors.
    pending_call_name: Option<(NameKind, String)>,
}

/// Compile a parsed chunk into its main prototype.
pub fn compile(heap: &mut Heap, block: &Block, chunkname: &str) -> Result<Gc<Proto>, CompileError> {
    compile_named(heap, block, chunkname, chunkname, None)
}

/// `compile` with the prototype's source name (`source`, shown by runtime errors) apart from
/// the name its compile errors show (`errname`; Lua 5.1 formats the two with different
/// limits, see `crate::MAXSRC`).
pub fn compile_named(
    heap: &mut Heap,
    block: &Block,
    source: &str,
    errname: &str,
    raw_name: Option<&[u8]>,
) -> Result<Gc<Proto>, CompileError> {
    let mut c = Compiler {
        heap,
        source: Rc::from(source),
        raw_name: raw_name.map(|n| Rc::from(String::from_utf8_lossy(n).as_ref())),
        chunkname: errname.to_string(),
        fs: Vec::new(),
        line: 1,
        last_open: false,
        pending_call_name: None,
    };
    let mut f = FuncState::new(0, 0);
    f.is_vararg = true;
    c.fs.push(f);
    c.open_block(false);
    c.block_body(block)?;
    c.close_block();
    // The final return has the line of the chunk's last token, as in 5.1.
    let line = block.end_line.max(1);
    c.emit_ret0(line);
    let fs = c.fs.pop().unwrap();
    c.finish(fs)
}

fn is_multi(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Call(..) | ExprKind::Method(..) | ExprKind::Vararg
    )
}

impl<'h> Compiler<'h> {
    fn f(&mut self) -> &mut FuncState {
        self.fs.last_mut().unwrap()
    }

    fn error(&self, msg: impl Into<String>) -> CompileError {
        CompileError {
            message: format!("{}:{}: {}", self.chunkname, self.line, msg.into()),
        }
    }

    fn limit_error(&self, limit: usize, what: &str) -> CompileError {
        let f = self.fs.last().unwrap();
        if f.line_defined == 0 {
            self.error(format!("main function has more than {limit} {what}"))
        } else {
            self.error(format!(
                "function at line {} has more than {limit} {what}",
                f.line_defined
            ))
        }
    }

    // -- Emission --

    fn emit(&mut self, i: Instr, line: u32) -> usize {
        let f = self.f();
        f.code.push(i.0);
        f.lines.push(line);
        f.code.len() - 1
    }

    fn pc(&mut self) -> usize {
        self.f().code.len()
    }

    fn push_h(&mut self, n: u32) -> R<()> {
        let f = self.f();
        f.h += n;
        if f.h > f.max_h {
            f.max_h = f.h;
        }
        if f.num_slots as u32 + f.max_h > MAX_STACK {
            return Err(self.error("function or expression too complex"));
        }
        Ok(())
    }

    fn pop_h(&mut self, n: u32) {
        let f = self.f();
        debug_assert!(f.h >= n, "operand stack underflow in codegen");
        f.h -= n;
    }

    fn name_operand(&mut self, pc: usize, which: u8, info: Option<(NameKind, String)>) {
        if let Some((kind, name)) = info {
            self.f().names.push(NameInfo {
                pc: pc as u32,
                which,
                kind,
                name,
            });
        }
    }

    /// Emit a jump with a placeholder offset; returns its pc.
    fn emit_jump(&mut self, op: Op, line: u32) -> usize {
        self.emit(Instr::sj(op, 0), line)
    }

    fn patch_to(&mut self, jpc: usize, target: usize) -> R<()> {
        let word = self.f().code[jpc];
        let ins = Instr(word);
        let op = ins.op();
        if op.jumps_by_data_word() {
            let off = target as i64 - (jpc as i64 + 2);
            self.f().code[jpc + 1] = off as i32 as u32;
            return Ok(());
        }
        let off = target as i64 - (jpc as i64 + 1);
        let new = match op.info().format {
            runtime::bytecode::Format::SJ => {
                if off.abs() > MAX_SJ24 as i64 {
                    return Err(self.error("control structure too long"));
                }
                Instr::sj(op, off as i32)
            }
            _ => {
                if off.abs() > MAX_SJ16 as i64 {
                    return Err(self.error("control structure too long"));
                }
                Instr::asj(op, ins.a8(), off as i32)
            }
        };
        self.f().code[jpc] = new.0;
        Ok(())
    }

    fn patch_here(&mut self, jumps: &[usize]) -> R<()> {
        let here = self.pc();
        for &j in jumps {
            self.patch_to(j, here)?;
        }
        Ok(())
    }

    fn const_index(&mut self, v: Value, key: ConstKey) -> u32 {
        let f = self.f();
        if let Some(&i) = f.const_map.get(&key) {
            return i;
        }
        let i = f.consts.len() as u32;
        f.consts.push(v);
        f.const_map.insert(key, i);
        i
    }

    fn num_const(&mut self, n: f64) -> u32 {
        // Lua 5.1 keys its constant table by numeric equality, so 0 and -0 share the constant
        // that came first (`local z = 0; print(-0.0)` prints 0).
        let key = if n == 0.0 { 0 } else { n.to_bits() };
        self.const_index(Value::number(n), ConstKey::Num(key))
    }

    fn str_const(&mut self, s: &[u8]) -> u32 {
        let v = Value::string(self.heap.intern(s));
        self.const_index(v, ConstKey::Str(s.to_vec()))
    }

    /// Operand-stack slot `h` as an instruction operand (fixed up later).
    fn emit_slot_op(&mut self, i: Instr, line: u32) -> usize {
        let pc = self.emit(i, line);
        self.f().fixups.push(pc);
        pc
    }

    fn emit_ret0(&mut self, line: u32) {
        let h = self.f().h;
        self.emit_slot_op(Instr::ab(Op::Return, h, 1), line);
    }

    fn finish(&mut self, mut f: FuncState) -> R<Gc<Proto>> {
        let ns = f.num_slots as u32;
        for &pc in &f.fixups {
            let w = f.code[pc];
            let a = (w >> 8) & 0xFF;
            let na = a + ns;
            if na > 255 {
                return Err(self.error("function or expression too complex"));
            }
            f.code[pc] = (w & !0xFF00) | (na << 8);
        }
        let pc = f.code.len() as u32;
        for lv in &mut f.locvars {
            if lv.end_pc == u32::MAX {
                lv.end_pc = pc;
            }
        }
        f.names.sort_by_key(|n| (n.pc, n.which));
        let p = Proto {
            code: f.code,
            consts: f.consts,
            protos: f.protos,
            lines: f.lines,
            upvals: f.upvals,
            num_params: f.num_params,
            is_vararg: f.is_vararg,
            needs_arg: f.has_arg_local && !f.uses_vararg,
            num_slots: f.num_slots,
            max_stack: ns + f.max_h + 1,
            source: self.source.clone(),
            chunkname: self.raw_name.clone(),
            line_defined: f.line_defined,
            last_line: f.last_line,
            locvars: f.locvars,
            names: f.names,
            hot: std::cell::Cell::new(0),
            jit: Default::default(),
        };
        Ok(self.heap.alloc(p))
    }

    // -- Scopes and variables --

    fn open_block(&mut self, is_loop: bool) {
        let n = self.f().actives.len();
        self.f().blocks.push(BlockScope {
            nactive: n,
            is_loop,
            breaks: Vec::new(),
            captured: false,
        });
    }

    /// End a block: release its locals and close captured ones. Returns the block's breaks.
    fn close_block(&mut self) -> Vec<usize> {
        let line = self.line;
        let b = self.f().blocks.pop().unwrap();
        if b.captured && !self.f().blocks.is_empty() {
            self.emit(Instr::a(Op::Close, b.nactive as u32), line);
        }
        self.remove_locals(b.nactive);
        b.breaks
    }

    fn remove_locals(&mut self, to: usize) {
        let pc = self.pc() as u32;
        let f = self.f();
        while f.actives.len() > to {
            let v = f.actives.pop().unwrap();
            f.locvars[v.locvar].end_pc = pc;
        }
    }

    /// Declare a local in the next free slot, active from now on.
    fn add_local(&mut self, name: &str) -> R<u16> {
        let n = self.f().actives.len();
        if n >= MAX_VARS {
            return Err(self.limit_error(MAX_VARS, "local variables"));
        }
        let slot = n as u16;
        let pc = self.pc() as u32;
        let f = self.f();
        let block = f.blocks.len() - 1;
        f.locvars.push(LocVar {
            name: name.to_string(),
            slot,
            start_pc: pc,
            end_pc: u32::MAX,
        });
        let locvar = f.locvars.len() - 1;
        f.actives.push(ActiveVar {
            name: name.to_string(),
            slot,
            block,
            locvar,
        });
        if slot + 1 > f.num_slots {
            f.num_slots = slot + 1;
            if f.num_slots as u32 + f.max_h > MAX_STACK {
                return Err(self.error("function or expression too complex"));
            }
        }
        Ok(slot)
    }

    fn resolve(&mut self, name: &str) -> R<Var> {
        let level = self.fs.len() - 1;
        if let Some(v) = self.fs[level].actives.iter().rev().find(|v| v.name == name) {
            return Ok(Var::Local(v.slot));
        }
        match self.resolve_up(level, name)? {
            Some(i) => Ok(Var::Upval(i)),
            None => Ok(Var::Global),
        }
    }

    /// Find `name` as an upvalue of function `level`, creating the chain of upvalue
    /// descriptors through enclosing functions.
    fn resolve_up(&mut self, level: usize, name: &str) -> R<Option<u32>> {
        if level == 0 {
            return Ok(None);
        }
        let parent = level - 1;
        let desc = if let Some(v) = self.fs[parent]
            .actives
            .iter()
            .rev()
            .find(|v| v.name == name)
        {
            let (slot, block) = (v.slot, v.block);
            self.fs[parent].blocks[block].captured = true;
            UpvalDesc {
                in_stack: true,
                index: slot,
                name: name.to_string(),
            }
        } else {
            match self.resolve_up(parent, name)? {
                Some(i) => UpvalDesc {
                    in_stack: false,
                    index: i as u16,
                    name: name.to_string(),
                },
                None => return Ok(None),
            }
        };
        let f = &mut self.fs[level];
        if let Some(i) = f
            .upvals
            .iter()
            .position(|u| u.in_stack == desc.in_stack && u.index == desc.index)
        {
            return Ok(Some(i as u32));
        }
        if f.upvals.len() >= MAX_UPVALUES {
            let line_defined = f.line_defined;
            return Err(CompileError {
                message: format!(
                    "{}:{}: function at line {} has more than {} upvalues",
                    self.chunkname, self.line, line_defined, MAX_UPVALUES
                ),
            });
        }
        f.upvals.push(desc);
        Ok(Some(f.upvals.len() as u32 - 1))
    }

    /// What a runtime error calls the value of `e`.
    fn name_of(&mut self, e: &Expr) -> R<Option<(NameKind, String)>> {
        let e = fold_logic(e);
        // An `and`/`or` value: Lua 5.1's debug info names it after the load its symbolic
        // execution reaches by following the expression's jumps (`z` in `x and y or z`),
        // and gives no name when they lead out of the expression.
        if let ExprKind::Bin(BinOp::And | BinOp::Or, ..) = &e.kind {
            return match logic_value_leaf(e, &mut 0) {
                Some(leaf) => self.name_of(leaf),
                None => Ok(None),
            };
        }
        Ok(match &e.kind {
            ExprKind::Name(n) => Some(match self.resolve(n)? {
                Var::Local(_) => (NameKind::Local, n.clone()),
                Var::Upval(_) => (NameKind::Upvalue, n.clone()),
                Var::Global => (NameKind::Global, n.clone()),
            }),
            ExprKind::Index(_, k) => match &k.kind {
                ExprKind::Str(s) => {
                    Some((NameKind::Field, String::from_utf8_lossy(s).into_owned()))
                }
                _ => Some((NameKind::Field, "?".to_string())),
            },
            _ => None,
        })
    }

    // -- Blocks and statements --

    fn block_body(&mut self, b: &Block) -> R<()> {
        for s in &b.stats {
            self.stat(s)?;
            debug_assert_eq!(self.f().h, 0, "operand stack not empty after a statement");
        }
        if let Some(r) = &b.ret {
            self.ret(r)?;
        }
        Ok(())
    }

    fn block(&mut self, b: &Block, is_loop: bool) -> R<Vec<usize>> {
        self.open_block(is_loop);
        self.block_body(b)?;
        Ok(self.close_block())
    }

    fn stat(&mut self, s: &Stat) -> R<()> {
        match s {
            Stat::Call(e) => {
                self.line = e.line;
                self.call(e, 0)?;
            }
            Stat::Local { names, exprs, line } => {
                // Lua 5.1 counts the new names as it parses them, before the values.
                if self.f().actives.len() + names.len() > MAX_VARS {
                    self.line = *line;
                    return Err(self.limit_error(MAX_VARS, "local variables"));
                }
                if names.len() == 1 && exprs.len() == 1 {
                    let slot = self.f().actives.len() as u32;
                    if self.try_store_fused(slot, &exprs[0])? {
                        self.add_local(&names[0])?;
                        return Ok(());
                    }
                }
                if exprs.is_empty() && names.len() > 16 {
                    // A long `local a, b, c, ...`: one nil at a time, so that the name list
                    // needs no operand stack as deep as itself (200 names must compile).
                    self.line = *line;
                    let first = self.f().actives.len();
                    for i in 0..names.len() {
                        self.emit(Instr::a(Op::LoadNil, 1), *line);
                        self.push_h(1)?;
                        self.emit(Instr::a(Op::SetLocal, (first + i) as u32), *line);
                        self.pop_h(1);
                    }
                    for n in names {
                        self.add_local(n)?;
                    }
                    return Ok(());
                }
                if exprs.is_empty() && self.pc() == 0 && !self.f().blocks.iter().any(|b| b.is_loop)
                {
                    // `local a` first in a function: its slot is nil already (frames start
                    // with every fixed slot nil) and nothing jumps back here; 5.1 emits
                    // nothing either (which its line hooks show).
                    for n in names {
                        self.add_local(n)?;
                    }
                    return Ok(());
                }
                self.explist(exprs, names.len())?;
                self.line = *line;
                let first = self.f().actives.len();
                for (i, _) in names.iter().enumerate().rev() {
                    let slot = (first + i) as u32;
                    self.emit(Instr::a(Op::SetLocal, slot), *line);
                    self.pop_h(1);
                }
                for n in names {
                    self.add_local(n)?;
                }
            }
            Stat::LocalFunction { name, func, line } => {
                let slot = self.add_local(name)?;
                self.function(func)?;
                self.line = *line;
                self.emit(Instr::a(Op::SetLocal, slot as u32), func.end_line);
                self.pop_h(1);
                // The local's scope starts after the assignment in 5.1's debug info; the name
                // must resolve inside the body, which it does since it was declared first.
            }
            Stat::Function { name, func, line } => self.function_stat(name, func, *line)?,
            Stat::Assign {
                targets,
                exprs,
                line,
            } => self.assign(targets, exprs, *line)?,
            Stat::Do(b) => {
                self.block(b, false)?;
            }
            Stat::While { cond, body, line } => {
                let start = self.pc();
                self.line = *line;
                let exits = self.cond_jump(cond, false)?;
                let breaks = self.block(body, true)?;
                // (5.1 emits the jump back after the body: the line of its last token.)
                let j = self.emit_jump(Op::Jmp, body.end_line);
                self.patch_to(j, start)?;
                self.patch_here(&exits)?;
                self.patch_here(&breaks)?;
            }
            Stat::Repeat {
                body,
                cond,
                line,
                cond_end,
            } => {
                let start = self.pc();
                self.open_block(true);
                self.open_block(false);
                self.block_body(body)?;
                self.line = *line;
                self.expr(cond)?;
                let inner_captured = self.f().blocks.last().unwrap().captured;
                let nactive = self.f().blocks.last().unwrap().nactive;
                if inner_captured {
                    self.emit(Instr::a(Op::Close, nactive as u32), *line);
                }
                let j = self.emit_jump(Op::JmpF, *cond_end);
                self.pop_h(1);
                self.patch_to(j, start)?;
                // The inner scope ends here; its CLOSE already ran on both paths.
                let b = self.f().blocks.pop().unwrap();
                self.remove_locals(b.nactive);
                let outer_breaks = {
                    let ob = self.f().blocks.pop().unwrap();
                    self.remove_locals(ob.nactive);
                    ob.breaks
                };
                let mut all = b.breaks;
                all.extend(outer_breaks);
                self.patch_here(&all)?;
            }
            Stat::If {
                arms,
                else_block,
                line: _,
            } => {
                let mut ends = Vec::new();
                for (i, (cond, body)) in arms.iter().enumerate() {
                    self.line = cond.line;
                    let exits = self.cond_jump(cond, false)?;
                    self.block(body, false)?;
                    let last = i + 1 == arms.len() && else_block.is_none();
                    if !last {
                        ends.push(self.emit_jump(Op::Jmp, body.end_line));
                    }
                    self.patch_here(&exits)?;
                }
                if let Some(b) = else_block {
                    self.block(b, false)?;
                }
                self.patch_here(&ends)?;
            }
            Stat::NumFor {
                var,
                start,
                limit,
                step,
                body,
                line,
                do_line,
            } => {
                self.open_block(true);
                self.expr(start)?;
                self.expr(limit)?;
                match step {
                    Some(s) => self.expr(s)?,
                    None => {
                        let k = self.num_const(1.0);
                        self.emit(Instr::a(Op::LoadK, k), *line);
                        self.push_h(1)?;
                    }
                }
                let base = self.add_local("(for index)")?;
                self.add_local("(for limit)")?;
                self.add_local("(for step)")?;
                let prep = self.emit(Instr::asj(Op::ForPrep, base as u32, 0), *do_line);
                self.pop_h(3);
                let body_start = self.pc();
                self.open_block(false);
                self.add_local(var)?;
                self.block_body(body)?;
                self.close_block();
                self.patch_here(&[prep])?;
                let lp = self.emit(Instr::asj(Op::ForLoop, base as u32, 0), *line);
                self.patch_to(lp, body_start)?;
                let breaks = self.close_block();
                self.patch_here(&breaks)?;
            }
            Stat::GenFor {
                names,
                exprs,
                body,
                line,
                do_line,
            } => {
                self.open_block(true);
                self.line = *line;
                self.explist(exprs, 3)?;
                let base = self.add_local("(for generator)")?;
                self.add_local("(for state)")?;
                self.add_local("(for control)")?;
                for i in (0..3).rev() {
                    self.emit(Instr::a(Op::SetLocal, base as u32 + i), *line);
                    self.pop_h(1);
                }
                let jcall = self.emit_jump(Op::Jmp, *do_line);
                let body_start = self.pc();
                self.open_block(false);
                for n in names {
                    self.add_local(n)?;
                }
                self.block_body(body)?;
                self.close_block();
                self.patch_here(&[jcall])?;
                let fpos = self.f().h;
                for i in 0..3 {
                    self.emit(Instr::a(Op::GetLocal, base as u32 + i), *line);
                    self.push_h(1)?;
                }
                let nv = names.len() as u32;
                let pc = self.emit_slot_op(Instr::abc(Op::Call, fpos, 3, nv + 1), *line);
                // Lua 5.1 names the iterator "(for generator)" when it is a callee (argument
                // errors, tracebacks) but not in "attempt to call" errors: operand 1.
                self.name_operand(
                    pc,
                    1,
                    Some((NameKind::Local, "(for generator)".to_string())),
                );
                self.pop_h(3);
                self.push_h(nv)?;
                for i in (0..nv).rev() {
                    self.emit(Instr::a(Op::SetLocal, base as u32 + 3 + i), *line);
                    self.pop_h(1);
                }
                let lp = self.emit(Instr::asj(Op::TForLoop, base as u32, 0), *line);
                self.patch_to(lp, body_start)?;
                let breaks = self.close_block();
                self.patch_here(&breaks)?;
            }
            Stat::Break { line } => {
                self.line = *line;
                let mut captured = false;
                let mut idx = None;
                for (i, b) in self.f().blocks.iter().enumerate().rev() {
                    captured |= b.captured;
                    if b.is_loop {
                        idx = Some(i);
                        break;
                    }
                }
                let Some(i) = idx else {
                    return Err(self.error("no loop to break"));
                };
                if captured {
                    let n = self.f().blocks[i].nactive as u32;
                    self.emit(Instr::a(Op::Close, n), *line);
                }
                let j = self.emit_jump(Op::Jmp, *line);
                self.f().blocks[i].breaks.push(j);
            }
        }
        Ok(())
    }

    fn ret(&mut self, r: &Return) -> R<()> {
        self.line = r.line;
        if r.exprs.len() == 1
            && matches!(r.exprs[0].kind, ExprKind::Call(..) | ExprKind::Method(..))
        {
            let fpos = self.f().h;
            self.call_args(&r.exprs[0])?;
            let nargs = self.f().h - fpos - 1;
            let b = if self.last_open { 0 } else { nargs + 1 };
            self.last_open = false;
            let pc = self.emit_slot_op(Instr::ab(Op::TailCall, fpos, b), r.exprs[0].line);
            let info = self.pending_call_name.take();
            self.name_operand(pc, 0, info);
            // When the callee is not a Lua function the call completes in place and this
            // RETURN hands its (open) results back.
            self.emit_slot_op(Instr::ab(Op::Return, fpos, 0), r.line);
            let h = self.f().h;
            self.pop_h(h - fpos);
            return Ok(());
        }
        let first = self.f().h;
        let n = r.exprs.len();
        let mut open = false;
        for (i, e) in r.exprs.iter().enumerate() {
            if i + 1 == n && is_multi(e) {
                self.expr_multi(e, -1)?;
                open = true;
            } else {
                self.expr(e)?;
            }
        }
        let b = if open { 0 } else { self.f().h - first + 1 };
        self.emit_slot_op(Instr::ab(Op::Return, first, b), r.line);
        let h = self.f().h;
        self.pop_h(h - first);
        Ok(())
    }

    fn function_stat(&mut self, name: &FuncName, func: &FuncBody, line: u32) -> R<()> {
        let mut keys: Vec<&String> = name.fields.iter().collect();
        if let Some(m) = &name.method {
            keys.push(m);
        }
        if keys.is_empty() {
            self.function(func)?;
            self.line = line;
            self.store_name(&name.base, line)?;
            return Ok(());
        }
        let base_expr = Expr {
            kind: ExprKind::Name(name.base.clone()),
            line,
        };
        self.expr(&base_expr)?;
        let mut prev_name = self.name_of(&base_expr)?;
        for k in &keys[..keys.len() - 1] {
            let c = self.str_const(k.as_bytes());
            let pc = self.emit(Instr::a(Op::GetField, c), line);
            self.name_operand(pc, 0, prev_name.take());
            prev_name = Some((NameKind::Field, (*k).clone()));
        }
        self.function(func)?;
        let last = keys[keys.len() - 1];
        let c = self.str_const(last.as_bytes());
        let pc = self.emit(Instr::a(Op::SetField, c), line);
        self.name_operand(pc, 0, prev_name);
        self.pop_h(2);
        Ok(())
    }

    fn store_name(&mut self, name: &str, line: u32) -> R<()> {
        match self.resolve(name)? {
            Var::Local(s) => self.emit(Instr::a(Op::SetLocal, s as u32), line),
            Var::Upval(u) => self.emit(Instr::a(Op::SetUpval, u), line),
            Var::Global => {
                let c = self.str_const(name.as_bytes());
                self.emit(Instr::a(Op::SetGlobal, c), line)
            }
        };
        self.pop_h(1);
        Ok(())
    }

    /// The one-instruction store of the stack top into `obj[key]` when `obj` is a local and
    /// `key` a local or a string constant. It reads the locals when it runs, after the value
    /// is computed, as Lua 5.1's SETTABLE reads its registers.
    fn local_store(&mut self, obj: &Expr, key: &Expr) -> R<Option<Instr>> {
        let Some(ts) = self.local_slot(obj)?.filter(|&s| s < 256) else {
            return Ok(None);
        };
        Ok(if let ExprKind::Str(s) = &key.kind {
            let c = self.str_const(s);
            (c < 65536).then(|| Instr::ab(Op::SetFieldL, ts, c))
        } else {
            self.local_slot(key)?
                .filter(|&s| s < 65536)
                .map(|ks| Instr::ab(Op::SetTableLL, ts, ks))
        })
    }

    fn assign(&mut self, targets: &[Expr], exprs: &[Expr], line: u32) -> R<()> {
        if targets.len() == 1 {
            let t = &targets[0];
            match &t.kind {
                ExprKind::Name(n) => {
                    if exprs.len() == 1 {
                        // (At the statement's line: resolving the name can raise the
                        // upvalue limit error, which names the line.)
                        let saved = std::mem::replace(&mut self.line, line);
                        let var = self.resolve(n)?;
                        self.line = saved;
                        if let Var::Local(slot) = var {
                            if self.try_store_fused(slot as u32, &exprs[0])? {
                                return Ok(());
                            }
                        }
                    }
                    self.explist(exprs, 1)?;
                    self.line = line;
                    self.store_name(n, line)?;
                }
                ExprKind::Index(obj, key) => {
                    let oname = self.name_of(obj)?;
                    if let Some(ins) = self.local_store(obj, key)? {
                        self.explist(exprs, 1)?;
                        self.line = line;
                        let pc = self.emit(ins, line);
                        self.name_operand(pc, 0, oname);
                        self.pop_h(1);
                        return Ok(());
                    }
                    self.expr(obj)?;
                    if let ExprKind::Str(s) = &key.kind {
                        let c = self.str_const(s);
                        self.explist(exprs, 1)?;
                        self.line = line;
                        let pc = self.emit(Instr::a(Op::SetField, c), line);
                        self.name_operand(pc, 0, oname);
                        self.pop_h(2);
                    } else {
                        self.expr(key)?;
                        self.explist(exprs, 1)?;
                        self.line = line;
                        let pc = self.emit(Instr::n(Op::SetTable), line);
                        self.name_operand(pc, 0, oname);
                        self.pop_h(3);
                    }
                }
                _ => return Err(self.error("syntax error")),
            }
            return Ok(());
        }
        // Multiple assignment whose targets are all stores into local tables (`a[i], a[j] =
        // a[j], a[i]`): the values, then one store per target from the last to the first. No
        // target is a plain variable, so no store can change a table or key another one reads.
        let mut fused = Vec::with_capacity(targets.len());
        for t in targets {
            let ExprKind::Index(obj, key) = &t.kind else {
                break;
            };
            let Some(ins) = self.local_store(obj, key)? else {
                break;
            };
            fused.push((ins, self.name_of(obj)?));
        }
        if fused.len() == targets.len() {
            self.explist(exprs, targets.len())?;
            self.line = line;
            for (ins, name) in fused.into_iter().rev() {
                let pc = self.emit(ins, line);
                self.name_operand(pc, 0, name);
                self.pop_h(1);
            }
            return Ok(());
        }
        // Multiple assignment: evaluate table/key pairs, then all values, then store from the
        // last target to the first (as Lua 5.1 does).
        let mut pair_pos = Vec::with_capacity(targets.len());
        let mut names = Vec::with_capacity(targets.len());
        for t in targets {
            match &t.kind {
                ExprKind::Index(obj, key) => {
                    names.push(self.name_of(obj)?);
                    pair_pos.push(Some(self.f().h));
                    self.expr(obj)?;
                    self.expr(key)?;
                }
                ExprKind::Name(_) => {
                    names.push(None);
                    pair_pos.push(None);
                }
                _ => return Err(self.error("syntax error")),
            }
        }
        let prefix = self.f().h;
        self.explist(exprs, targets.len())?;
        self.line = line;
        for (i, t) in targets.iter().enumerate().rev() {
            match &t.kind {
                ExprKind::Name(n) => self.store_name(n, line)?,
                _ => {
                    let pos = pair_pos[i].unwrap();
                    let a = self.f().h - 1 - pos;
                    let pc = self.emit(Instr::a(Op::SetIndex, a), line);
                    self.name_operand(pc, 0, names[i].take());
                    self.pop_h(1);
                }
            }
        }
        if prefix > 0 {
            let base_h = self.f().h;
            let n = base_h - pair_pos.iter().flatten().next().copied().unwrap_or(base_h);
            if n > 0 {
                self.emit(Instr::a(Op::Pop, n), line);
                self.pop_h(n);
            }
        }
        Ok(())
    }

    // -- Expressions --

    /// Push exactly `want` values from an expression list (Lua's adjustment rules).
    fn explist(&mut self, exprs: &[Expr], want: usize) -> R<()> {
        let n = exprs.len();
        if n == 0 {
            if want > 0 {
                self.emit(Instr::a(Op::LoadNil, want as u32), self.line);
                self.push_h(want as u32)?;
            }
            return Ok(());
        }
        for (i, e) in exprs.iter().enumerate() {
            let last = i + 1 == n;
            if last && is_multi(e) {
                let need = want as i64 - i as i64;
                if need > 0 {
                    self.expr_multi(e, need as i32)?;
                } else {
                    self.expr_multi(e, 0)?;
                }
            } else {
                self.expr(e)?;
            }
        }
        // Too many values: drop the extra (they were evaluated for their effects).
        // (A final call or `...` gave exactly the values still wanted, or none.)
        let produced = if is_multi(&exprs[n - 1]) {
            (n - 1).max(want)
        } else {
            n
        };
        if produced > want {
            let extra = (produced - want) as u32;
            self.emit(Instr::a(Op::Pop, extra), self.line);
            self.pop_h(extra);
        } else if produced < want {
            let missing = (want - produced) as u32;
            self.emit(Instr::a(Op::LoadNil, missing), self.line);
            self.push_h(missing)?;
        }
        Ok(())
    }

    /// Push one value.
    fn expr(&mut self, e: &Expr) -> R<()> {
        let line = e.line;
        match &e.kind {
            ExprKind::Nil => {
                self.emit(Instr::a(Op::LoadNil, 1), line);
                self.push_h(1)?;
            }
            ExprKind::True => {
                self.emit(Instr::n(Op::LoadTrue), line);
                self.push_h(1)?;
            }
            ExprKind::False => {
                self.emit(Instr::n(Op::LoadFalse), line);
                self.push_h(1)?;
            }
            ExprKind::Number(n) => {
                let k = self.num_const(*n);
                self.emit(Instr::a(Op::LoadK, k), line);
                self.push_h(1)?;
            }
            ExprKind::Str(s) => {
                let k = self.str_const(s);
                self.emit(Instr::a(Op::LoadK, k), line);
                self.push_h(1)?;
            }
            ExprKind::Vararg | ExprKind::Call(..) | ExprKind::Method(..) => {
                self.expr_multi(e, 1)?
            }
            ExprKind::Paren(inner) => self.expr(inner)?,
            ExprKind::Function(body) => self.function(body)?,
            ExprKind::Name(n) => {
                match self.resolve(n)? {
                    Var::Local(s) => self.emit(Instr::a(Op::GetLocal, s as u32), line),
                    Var::Upval(u) => self.emit(Instr::a(Op::GetUpval, u), line),
                    Var::Global => {
                        let c = self.str_const(n.as_bytes());
                        self.emit(Instr::a(Op::GetGlobal, c), line)
                    }
                };
                self.push_h(1)?;
            }
            ExprKind::Index(obj, key) => {
                let oname = self.name_of(obj)?;
                // Fused forms: a local table indexed by a constant string or a local.
                if let Some(ts) = self.local_slot(obj)?.filter(|&s| s < 256) {
                    let fused = match &key.kind {
                        ExprKind::Str(s) => {
                            let c = self.str_const(s);
                            (c < 65536).then(|| Instr::ab(Op::GetFieldL, ts, c))
                        }
                        _ => self
                            .local_slot(key)?
                            .map(|ks| Instr::ab(Op::GetTableLL, ts, ks)),
                    };
                    if let Some(ins) = fused {
                        let pc = self.emit(ins, line);
                        self.name_operand(pc, 0, oname);
                        self.push_h(1)?;
                        return Ok(());
                    }
                }
                self.expr(obj)?;
                let pc = if let ExprKind::Str(s) = &key.kind {
                    let c = self.str_const(s);
                    self.emit(Instr::a(Op::GetField, c), line)
                } else {
                    self.expr(key)?;
                    self.pop_h(1);
                    self.emit(Instr::n(Op::GetTable), line)
                };
                self.name_operand(pc, 0, oname);
            }
            ExprKind::Table(fields, end) => self.table(fields, line, *end)?,
            ExprKind::Un(op, a) => self.unary(*op, a, line)?,
            ExprKind::Bin(op, a, b) => self.binary(*op, a, b, line)?,
        }
        Ok(())
    }

    /// Push the results of a call or `...`: `want` values, or all of them ("open") if -1.
    fn expr_multi(&mut self, e: &Expr, want: i32) -> R<()> {
        match &e.kind {
            ExprKind::Vararg => {
                if !self.f().is_vararg {
                    return Err(self.error("cannot use '...' outside a vararg function"));
                }
                self.f().uses_vararg = true;
                let a = if want < 0 { 0 } else { want as u32 + 1 };
                self.emit(Instr::a(Op::Vararg, a), e.line);
                if want > 0 {
                    self.push_h(want as u32)?;
                }
                self.last_open = want < 0;
            }
            _ => self.call(e, want)?,
        }
        Ok(())
    }

    /// Push function and arguments of a call expression. Leaves `last_open` set if the last
    /// argument is open, and the callee's name in `pending_call_name`.
    fn call_args(&mut self, e: &Expr) -> R<()> {
        let (args, fname) = match &e.kind {
            ExprKind::Call(f, args) => {
                let n = self.name_of(f)?;
                self.expr(f)?;
                (args, n)
            }
            ExprKind::Method(obj, name, args) => {
                let oname = self.name_of(obj)?;
                self.expr(obj)?;
                let c = self.str_const(name.as_bytes());
                let pc = self.emit(Instr::a(Op::SelfOp, c), e.line);
                self.name_operand(pc, 0, oname);
                self.push_h(1)?;
                (args, Some((NameKind::Method, name.clone())))
            }
            _ => unreachable!("call_args on a non-call"),
        };
        let n = args.len();
        let mut open = false;
        for (i, a) in args.iter().enumerate() {
            if i + 1 == n && is_multi(a) {
                self.expr_multi(a, -1)?;
                open = true;
            } else {
                self.expr(a)?;
            }
        }
        self.last_open = open;
        self.pending_call_name = fname;
        Ok(())
    }

    /// Compile a call leaving `want` results (-1: open).
    fn call(&mut self, e: &Expr, want: i32) -> R<()> {
        let fpos = self.f().h;
        self.call_args(e)?;
        let nargs = self.f().h - fpos - 1;
        let b = if self.last_open { 0 } else { nargs + 1 };
        let c = if want < 0 { 0 } else { want as u32 + 1 };
        if want > 254 {
            return Err(self.error("function or expression too complex"));
        }
        let pc = self.emit_slot_op(Instr::abc(Op::Call, fpos, b, c), e.line);
        let info = self.pending_call_name.take();
        self.name_operand(pc, 0, info);
        let h = self.f().h;
        self.pop_h(h - fpos);
        if want > 0 {
            self.push_h(want as u32)?;
        }
        self.last_open = want < 0;
        Ok(())
    }

    fn function(&mut self, body: &FuncBody) -> R<()> {
        let mut f = FuncState::new(body.line, body.end_line);
        f.is_vararg = body.is_vararg;
        f.num_params = body.params.len() as u8;
        self.fs.push(f);
        self.open_block(false);
        for p in &body.params {
            self.add_local(p)?;
        }
        if body.is_vararg {
            // LUA_COMPAT_VARARG: a local `arg` after the parameters.
            self.add_local("arg")?;
            self.f().has_arg_local = true;
        }
        self.block_body(&body.body)?;
        self.line = body.end_line;
        self.close_block();
        self.emit_ret0(body.end_line);
        let fs = self.fs.pop().unwrap();
        let p = self.finish(fs)?;
        let idx = self.f().protos.len() as u32;
        self.f().protos.push(p);
        self.emit(Instr::a(Op::Closure, idx), body.end_line);
        self.push_h(1)?;
        Ok(())
    }

    /// A constructor (`line`: its `{`, `end`: its `}`). As in 5.1, list items are stored by
    /// `SETLIST`s at the line where the items to store end (the closing `}` for the last
    /// batch), and a named or keyed field's store at its value's line.
    fn table(&mut self, fields: &[Field], line: u32, end: u32) -> R<()> {
        let npos = fields.iter().filter(|f| matches!(f, Field::Pos(_))).count();
        let nhash = fields.len() - npos;
        let last_multi = matches!(fields.last(), Some(Field::Pos(e)) if is_multi(e));
        let narr = if last_multi { npos - 1 } else { npos };
        self.emit(
            Instr::ab(Op::NewTable, int2fb(narr as u32), int2fb(nhash as u32)),
            line,
        );
        let tpos = self.f().h;
        self.push_h(1)?;
        let mut pending = 0usize;
        let mut flushed = 0usize;
        let nfields = fields.len();
        for (i, fld) in fields.iter().enumerate() {
            match fld {
                Field::Pos(e) => {
                    if i + 1 == nfields && is_multi(e) {
                        self.expr_multi(e, -1)?;
                        self.emit_slot_op(Instr::abc(Op::SetList, tpos, 0, 0), end);
                        self.emit(Instr(flushed as u32 + 1), end);
                        let h = self.f().h;
                        self.pop_h(h - tpos - 1);
                        self.last_open = false;
                        return Ok(());
                    }
                    if i + 1 == nfields
                        && matches!(
                            e.kind,
                            ExprKind::Nil
                                | ExprKind::True
                                | ExprKind::False
                                | ExprKind::Number(_)
                                | ExprKind::Str(_)
                                | ExprKind::Name(_)
                        )
                    {
                        // 5.1 loads a last item that is a constant or a variable only when
                        // it closes the list, at the `}`.
                        let mut at_end = e.clone();
                        at_end.line = end;
                        self.expr(&at_end)?;
                    } else {
                        self.expr(e)?;
                    }
                    pending += 1;
                    if pending == FIELDS_PER_FLUSH {
                        let at = if i + 1 == nfields { end } else { e.line };
                        self.flush_list(tpos, pending, flushed, at)?;
                        flushed += pending;
                        pending = 0;
                    }
                }
                Field::Named(n, v) => {
                    let c = self.str_const(n.as_bytes());
                    self.emit(Instr::a(Op::LoadK, c), v.line);
                    self.push_h(1)?;
                    self.expr(v)?;
                    self.table_set(tpos, v.line)?;
                }
                Field::Keyed(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.table_set(tpos, v.line)?;
                }
            }
        }
        if pending > 0 {
            self.flush_list(tpos, pending, flushed, end)?;
        }
        Ok(())
    }

    fn flush_list(&mut self, tpos: u32, n: usize, flushed: usize, line: u32) -> R<()> {
        self.emit_slot_op(Instr::abc(Op::SetList, tpos, n as u32 + 1, 0), line);
        self.emit(Instr(flushed as u32 + 1), line);
        self.pop_h(n as u32);
        Ok(())
    }

    /// `t[k] = v` inside a constructor: `k` and `v` are on top, the table at operand slot
    /// `tpos` with pending positional items between.
    fn table_set(&mut self, tpos: u32, line: u32) -> R<()> {
        let between = self.f().h - tpos - 3;
        self.emit(Instr::a(Op::TSet, between), line);
        self.pop_h(2);
        Ok(())
    }

    fn unary(&mut self, op: UnOp, a: &Expr, line: u32) -> R<()> {
        // Constant folding.
        if let (UnOp::Neg, Some(n)) = (op, const_num(a)) {
            let k = self.num_const(-n);
            self.emit(Instr::a(Op::LoadK, k), line);
            self.push_h(1)?;
            return Ok(());
        }
        if op == UnOp::Not {
            match a.kind {
                ExprKind::Nil | ExprKind::False => {
                    self.emit(Instr::n(Op::LoadTrue), line);
                    self.push_h(1)?;
                    return Ok(());
                }
                ExprKind::True | ExprKind::Number(_) | ExprKind::Str(_) => {
                    self.emit(Instr::n(Op::LoadFalse), line);
                    self.push_h(1)?;
                    return Ok(());
                }
                _ => {}
            }
        }
        let name = self.name_of(a)?;
        self.expr(a)?;
        let o = match op {
            UnOp::Neg => Op::Unm,
            UnOp::Not => Op::Not,
            UnOp::Len => Op::Len,
        };
        let pc = self.emit(Instr::n(o), line);
        self.name_operand(pc, 0, name);
        Ok(())
    }

    /// A local variable's slot, if `e` is one.
    fn local_slot(&mut self, e: &Expr) -> R<Option<u32>> {
        if let ExprKind::Name(n) = &e.kind {
            if let Var::Local(s) = self.resolve(n)? {
                return Ok(Some(s as u32));
            }
        }
        Ok(None)
    }

    /// The fused forms of an arithmetic operator: (push L op L, push L op K, store L op L,
    /// store L op K).
    fn arith_forms(op: BinOp) -> Option<(Op, Op, Op, Op)> {
        Some(match op {
            BinOp::Add => (Op::AddLL, Op::AddLK, Op::SAddLL, Op::SAddLK),
            BinOp::Sub => (Op::SubLL, Op::SubLK, Op::SSubLL, Op::SSubLK),
            BinOp::Mul => (Op::MulLL, Op::MulLK, Op::SMulLL, Op::SMulLK),
            BinOp::Div => (Op::DivLL, Op::DivLK, Op::SDivLL, Op::SDivLK),
            BinOp::Mod => (Op::ModLL, Op::ModLK, Op::SModLL, Op::SModLK),
            BinOp::Pow => (Op::PowLL, Op::PowLK, Op::SPowLL, Op::SPowLK),
            _ => return None,
        })
    }

    /// The forms of an arithmetic operator with the left operand on the stack top: (top op
    /// L, top op K).
    fn arith_top_forms(op: BinOp) -> Option<(Op, Op)> {
        Some(match op {
            BinOp::Add => (Op::AddTL, Op::AddTK),
            BinOp::Sub => (Op::SubTL, Op::SubTK),
            BinOp::Mul => (Op::MulTL, Op::MulTK),
            BinOp::Div => (Op::DivTL, Op::DivTK),
            BinOp::Mod => (Op::ModTL, Op::ModTK),
            BinOp::Pow => (Op::PowTL, Op::PowTK),
            _ => return None,
        })
    }

    /// Operands of a fusable arithmetic expression: a local, and a local or a number
    /// constant (`Err` side = constant index).
    fn fusable_arith(&mut self, e: &Expr) -> R<Option<FusedArith>> {
        let ExprKind::Bin(op, a, b) = &e.kind else {
            return Ok(None);
        };
        if Self::arith_forms(*op).is_none() || (const_num(a).is_some() && const_num(b).is_some()) {
            return Ok(None);
        }
        let Some(sa) = self.local_slot(a)? else {
            return Ok(None);
        };
        if let Some(sb) = self.local_slot(b)? {
            return Ok(Some((*op, sa, Ok(sb))));
        }
        if let Some(n) = const_num(b) {
            let k = self.num_const(n);
            return Ok(Some((*op, sa, Err(k))));
        }
        Ok(None)
    }

    /// Compile `local slot = e` as one fused instruction when `e` allows it.
    fn try_store_fused(&mut self, dst: u32, e: &Expr) -> R<bool> {
        let Some((op, sa, sb)) = self.fusable_arith(e)? else {
            return Ok(false);
        };
        let (_, _, sll, slk) = Self::arith_forms(op).unwrap();
        let (ins, bname) = match sb {
            Ok(s) if dst < 256 && sa < 256 && s < 256 => (Instr::abc(sll, dst, sa, s), true),
            Err(k) if dst < 256 && sa < 256 && k < 256 => (Instr::abc(slk, dst, sa, k), false),
            _ => return Ok(false),
        };
        let ExprKind::Bin(_, a, b) = &e.kind else {
            unreachable!()
        };
        let na = self.name_of(a)?;
        let nb = if bname { self.name_of(b)? } else { None };
        let pc = self.emit(ins, e.line);
        self.name_operand(pc, 0, na);
        self.name_operand(pc, 1, nb);
        Ok(true)
    }

    /// A comparison between a local and a local or constant, as (op, A, B, swap, negated EQ).
    fn fusable_compare(&mut self, op: BinOp, a: &Expr, b: &Expr) -> R<Option<FusedCompare>> {
        let Some(sa) = self.local_slot(a)? else {
            return Ok(None);
        };
        if sa >= 256 {
            return Ok(None);
        }
        let (ll, lk, swap, neg) = match op {
            BinOp::Lt => (Op::JLtLL, Op::JLtLK, false, false),
            BinOp::Le => (Op::JLeLL, Op::JLeLK, false, false),
            BinOp::Gt => (Op::JLtLL, Op::JLtLK, true, false),
            BinOp::Ge => (Op::JLeLL, Op::JLeLK, true, false),
            BinOp::Eq => (Op::JEqLL, Op::JEqLK, false, false),
            BinOp::Ne => (Op::JEqLL, Op::JEqLK, false, true),
            _ => return Ok(None),
        };
        if let Some(sb) = self.local_slot(b)? {
            if sb < 256 {
                return Ok(Some((ll, sa, sb, swap, neg)));
            }
            return Ok(None);
        }
        let k = match &b.kind {
            ExprKind::Number(n) => self.num_const(*n),
            ExprKind::Str(s) => self.str_const(s),
            _ => match const_num(b) {
                Some(n) => self.num_const(n),
                None => return Ok(None),
            },
        };
        if k >= 256 {
            return Ok(None);
        }
        Ok(Some((lk, sa, k, swap, neg)))
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, line: u32) -> R<()> {
        match op {
            BinOp::And | BinOp::Or => {
                let whole = Expr {
                    kind: ExprKind::Bin(op, Box::new(a.clone()), Box::new(b.clone())),
                    line,
                };
                let folded = fold_logic(&whole);
                if !std::ptr::eq(folded, &whole) {
                    return self.expr(&folded.clone());
                }
                self.expr(a)?;
                let j = self.emit_jump(if op == BinOp::And { Op::AndJ } else { Op::OrJ }, line);
                self.pop_h(1);
                self.expr(b)?;
                self.patch_here(&[j])?;
                return Ok(());
            }
            BinOp::Concat => {
                // Flatten right-associative chains into one CONCAT.
                let mut operands = vec![a];
                let mut rest = b;
                while let ExprKind::Bin(BinOp::Concat, x, y) = &rest.kind {
                    operands.push(x);
                    rest = y;
                }
                operands.push(rest);
                let mut names = Vec::new();
                for o in &operands {
                    names.push(self.name_of(o)?);
                    self.expr(o)?;
                }
                let n = operands.len() as u32;
                if n > 255 {
                    return Err(self.error("function or expression too complex"));
                }
                let pc = self.emit(Instr::a(Op::Concat, n), line);
                for (i, nm) in names.into_iter().enumerate() {
                    self.name_operand(pc, i as u8, nm);
                }
                self.pop_h(n - 1);
                return Ok(());
            }
            _ => {}
        }
        if let (Some(x), Some(y)) = (const_num(a), const_num(b)) {
            if let Some(r) = fold(op, x, y) {
                let k = self.num_const(r);
                self.emit(Instr::a(Op::LoadK, k), line);
                self.push_h(1)?;
                return Ok(());
            }
        }
        let na = self.name_of(a)?;
        let nb = self.name_of(b)?;
        if let Some((ll, lk, _, _)) = Self::arith_forms(op) {
            let whole = Expr {
                kind: ExprKind::Bin(op, Box::new(a.clone()), Box::new(b.clone())),
                line,
            };
            if let Some((_, sa, sb)) = self.fusable_arith(&whole)? {
                let ins = match sb {
                    Ok(s) => Some(Instr::ab(ll, sa, s)),
                    Err(kidx) if kidx < 65536 => Some(Instr::ab(lk, sa, kidx)),
                    Err(_) => None,
                };
                if let (Some(ins), true) = (ins, sa < 256) {
                    let pc = self.emit(ins, line);
                    self.name_operand(pc, 0, na);
                    if sb.is_ok() {
                        self.name_operand(pc, 1, nb);
                    }
                    self.push_h(1)?;
                    return Ok(());
                }
            }
        }
        self.expr(a)?;
        // The right operand straight from a local or a number constant (the left one is on
        // the stack top): `a op local`, `a op K`.
        if let Some((tl, tk)) = Self::arith_top_forms(op) {
            let right = if let Some(s) = self.local_slot(b)? {
                Some(Instr::a(tl, s))
            } else {
                const_num(b).map(|n| {
                    let k = self.num_const(n);
                    Instr::a(tk, k)
                })
            };
            if let Some(ins) = right {
                let pc = self.emit(ins, line);
                self.name_operand(pc, 0, na);
                if ins.op() == tl {
                    self.name_operand(pc, 1, nb);
                }
                return Ok(());
            }
        }
        self.expr(b)?;
        let ins = match op {
            BinOp::Add => Instr::n(Op::Add),
            BinOp::Sub => Instr::n(Op::Sub),
            BinOp::Mul => Instr::n(Op::Mul),
            BinOp::Div => Instr::n(Op::Div),
            BinOp::Mod => Instr::n(Op::Mod),
            BinOp::Pow => Instr::n(Op::Pow),
            BinOp::Eq => Instr::n(Op::Eq),
            BinOp::Ne => Instr::n(Op::Ne),
            BinOp::Lt => Instr::a(Op::Lt, 0),
            BinOp::Le => Instr::a(Op::Le, 0),
            BinOp::Gt => Instr::a(Op::Lt, 1),
            BinOp::Ge => Instr::a(Op::Le, 1),
            _ => unreachable!(),
        };
        let pc = self.emit(ins, line);
        self.name_operand(pc, 0, na);
        self.name_operand(pc, 1, nb);
        self.pop_h(1);
        Ok(())
    }

    /// Compile a condition; returns the jumps taken when the condition equals `jump_when`.
    fn cond_jump(&mut self, e: &Expr, jump_when: bool) -> R<Vec<usize>> {
        match &e.kind {
            ExprKind::Bin(BinOp::And, a, b) => {
                if jump_when {
                    // Jump if (a and b) is true: skip when a is false.
                    let skip = self.cond_jump(a, false)?;
                    let j = self.cond_jump(b, true)?;
                    self.patch_here(&skip)?;
                    Ok(j)
                } else {
                    let mut j = self.cond_jump(a, false)?;
                    j.extend(self.cond_jump(b, false)?);
                    Ok(j)
                }
            }
            ExprKind::Bin(BinOp::Or, a, b) => {
                if jump_when {
                    let mut j = self.cond_jump(a, true)?;
                    j.extend(self.cond_jump(b, true)?);
                    Ok(j)
                } else {
                    let skip = self.cond_jump(a, true)?;
                    let j = self.cond_jump(b, false)?;
                    self.patch_here(&skip)?;
                    Ok(j)
                }
            }
            ExprKind::Un(UnOp::Not, a) => self.cond_jump(a, !jump_when),
            ExprKind::Bin(
                op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne),
                a,
                b,
            ) if self.fusable_compare(*op, a, b)?.is_some() => {
                let (ins_op, sa, sb, swap, negate_eq) = self.fusable_compare(*op, a, b)?.unwrap();
                // Jump when (comparison == jump_when); NE is EQ negated.
                let jump_if_true = jump_when != negate_eq;
                let flags = (if jump_if_true { 0 } else { 2 }) | (if swap { 4 } else { 0 });
                let na = self.name_of(a)?;
                let nb = self.name_of(b)?;
                let pc = self.emit(Instr::abc(ins_op, sa, sb, flags), e.line);
                self.emit(Instr(0), e.line);
                // Operand names in source order (the error message for a swapped compare
                // uses the runtime order, as 5.1 does).
                self.name_operand(pc, 0, na);
                self.name_operand(pc, 1, nb);
                Ok(vec![pc])
            }
            ExprKind::True | ExprKind::Number(_) | ExprKind::Str(_) => Ok(if jump_when {
                vec![self.emit_jump(Op::Jmp, e.line)]
            } else {
                vec![]
            }),
            ExprKind::Nil | ExprKind::False => Ok(if jump_when {
                vec![]
            } else {
                vec![self.emit_jump(Op::Jmp, e.line)]
            }),
            _ => {
                self.expr(e)?;
                let j = self.emit_jump(if jump_when { Op::JmpT } else { Op::JmpF }, e.line);
                self.pop_h(1);
                Ok(vec![j])
            }
        }
    }
}

/// A fusable arithmetic expression: operator, left local, right local (`Ok`) or constant
/// index (`Err`).
type FusedArith = (BinOp, u32, Result<u32, u32>);

/// A fusable comparison: compare-and-jump op, A, B, operands swapped, EQ negated (`~=`).
type FusedCompare = (Op, u32, u32, bool, bool);

/// `and`/`or` with a constant left operand reduce to one side, as in Lua 5.1's code generator
/// (which matters for the names in error messages: `-(true and x)` blames `x` by name).
/// Where Lua 5.1's symbolic execution (ldebug.c `symbexec`, which follows every forward
/// jump) ends up in the code of the `and`/`or` value `e`: the operand whose load writes the
/// result last on that path, or `None` when the first jump leaves the expression (the value
/// is then written by a TESTSET, which gives no name). Code shapes as lparser/lcode emit them:
/// the left operand of `and` is tested with "jump if false" to the expression's false exit,
/// the left operand of `or` with "jump if true" to its true exit, `not` swaps the exits.
/// `n` numbers the internal labels; a constant in a tested position jumps always or never.
fn logic_value_leaf<'e>(e: &'e Expr, n: &mut u32) -> Option<&'e Expr> {
    const OUT: u32 = 0;
    let e = fold_logic(unparen(e));
    match &e.kind {
        ExprKind::Bin(op @ (BinOp::And | BinOp::Or), a, b) => {
            *n += 1;
            let inner = *n;
            // `a and b`: a false `a` leaves (to OUT), a true one goes on to `b`; `or` the
            // other way round.
            let and = *op == BinOp::And;
            let (t, f) = if and { (inner, OUT) } else { (OUT, inner) };
            let r = first_jump(a, and, t, f, n)?;
            (r == inner || r == FALL)
                .then(|| logic_value_leaf(b, n))
                .flatten()
        }
        _ => Some(e),
    }
}

/// `first_jump`'s answer for a condition that emits no jump (a constant that never jumps in
/// that test): control falls through to what follows it.
const FALL: u32 = u32::MAX;

/// The truth of a constant operand (after Lua 5.1's folding of numeric expressions).
fn const_truth(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Nil | ExprKind::False => Some(false),
        ExprKind::True | ExprKind::Str(_) => Some(true),
        _ => const_num(e).map(|_| true),
    }
}

/// The label the first jump of condition `x` goes to: `x` is tested with "jump to `f` if
/// false" (`if_true`: luaK_goiftrue) or "jump to `t` if true" (luaK_goiffalse), with `and`/`or`
/// inside it tested the same way recursively.
fn first_jump(x: &Expr, if_true: bool, t: u32, f: u32, n: &mut u32) -> Option<u32> {
    let x = unparen(x);
    if let Some(truth) = const_truth(x) {
        // A constant jumps always or never (luaK_goiftrue/goiffalse on constants).
        return Some(if truth == if_true {
            FALL
        } else if if_true {
            f
        } else {
            t
        });
    }
    match &x.kind {
        ExprKind::Bin(op @ (BinOp::And | BinOp::Or), a, b) => {
            *n += 1;
            let inner = *n;
            let and = *op == BinOp::And;
            let (ta, fa) = if and { (inner, f) } else { (t, inner) };
            match first_jump(a, and, ta, fa, n)? {
                r if r == inner || r == FALL => first_jump(b, if_true, t, f, n),
                r => Some(r),
            }
        }
        ExprKind::Un(UnOp::Not, a) => first_jump(a, !if_true, f, t, n),
        _ => Some(if if_true { f } else { t }),
    }
}

/// `e` without enclosing parentheses.
fn unparen(e: &Expr) -> &Expr {
    let mut e = e;
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

fn fold_logic(e: &Expr) -> &Expr {
    let mut e = e;
    while let ExprKind::Bin(op @ (BinOp::And | BinOp::Or), a, b) = &e.kind {
        let truthy = match a.kind {
            ExprKind::True | ExprKind::Number(_) | ExprKind::Str(_) => true,
            ExprKind::Nil | ExprKind::False => false,
            _ => break,
        };
        e = if truthy == (*op == BinOp::And) { b } else { a };
    }
    e
}

fn const_num(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Un(UnOp::Neg, a) => const_num(a).map(|n| -n),
        ExprKind::Bin(op, a, b) => fold(*op, const_num(a)?, const_num(b)?),
        ExprKind::Paren(a) => const_num(a),
        _ => None,
    }
}

/// Lua 5.1 constant folding: not for division/modulo by zero or NaN results.
fn fold(op: BinOp, a: f64, b: f64) -> Option<f64> {
    let r = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return None;
            }
            a / b
        }
        BinOp::Mod => {
            if b == 0.0 {
                return None;
            }
            crate::arith::lua_mod(a, b)
        }
        BinOp::Pow => a.powf(b),
        _ => return None,
    };
    if r.is_nan() {
        None
    } else {
        Some(r)
    }
}
