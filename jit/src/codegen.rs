//! Bytecode to Cranelift IR, one prototype at a time.
//!
//! The compiled function runs the interpreter frame in place (see `interp::tier`): every
//! bytecode slot (fixed slots and operand stack) is a word of the coroutine's value stack at
//! `bp + 8 * slot`, where `bp` is reloaded after any helper that may move the stack. Each
//! instruction is translated with its static operand stack height (from the verifier's
//! analysis), so operand stack accesses are fixed offsets too.
//!
//! Within a basic block the translator remembers what it knows about slots (`Known`: the SSA
//! value of the word and, once checked, the unboxed double), so repeated reads and type checks
//! disappear. Fixed slots are stored at once; operand stack values stay in SSA values
//! (`Known::dirty`) until a helper call, a deopt exit, a block edge or a memory-reading
//! instruction needs them (`materialize`/`flush`), so memory holds the interpreter's view at
//! every exit. Knowledge of fixed slots is dropped after helpers that can run Lua code (only in
//! prototypes that create closures: open upvalues are the only way to write them). Across block
//! edges, the numbers `infer` finds travel in `vnum` variables (or as known types, `num_mem`);
//! every edge and every entry from the interpreter re-establishes them (`edge`, `establish`).
//!
//! Calls between compiled functions are native (`direct_call`, `direct_tail_call` with the
//! `tail` convention); the callee pushes and pops its own interpreter frame inline
//! (`direct_prologue`, `fast_return`), using the runtime layouts in `interp::tier::Layout`.
//!
//! Speculation: arithmetic, unary minus and ordered comparisons assume numbers (the common
//! case the interpreter's fast paths also bet on). A failed check jumps to a cold exit block
//! that calls `jit_deopt` (the frame resumes in the interpreter at that instruction). After
//! repeated failures at one pc the tier recompiles the function with that pc *generic*: the
//! number fast path stays inline and other types call the interpreter's slow path through a
//! helper instead of leaving.

use crate::infer::Entry;
use crate::inline::{Src, Step};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, AbiParam, Block, BlockArg, FuncRef, InstBuilder, InstructionData, MemFlagsData, Opcode,
    Signature, Value as CV,
};
use cranelift_codegen::ir::{SigRef, StackSlot, StackSlotData, StackSlotKind};
use cranelift_frontend::{FunctionBuilder, Switch, Variable};
use interp::tier::{self as tier, Layout, CTX_BASE, CTX_STK, CTX_TOP};
use runtime::bytecode::op::{jump_target_in, Instr, Op};
use runtime::bytecode::verify::State as HState;
use runtime::object::{CallInfo, Proto, TableLayout};
use runtime::value::{
    FALSE_BITS, NIL_BITS, NUMBER_LIMIT, PAYLOAD_MASK, TAG_FUNCTION, TAG_SHIFT, TAG_TABLE,
    TAG_USERDATA, TRUE_BITS,
};
use std::collections::{HashMap, HashSet};

/// Deopt reasons (counted per function and pc for `--jit-stats`).
pub const R_ARITH: u32 = 1;
pub const R_COMPARE: u32 = 2;
pub const R_UNM: u32 = 3;
/// A number assumed at a block's entry (see `infer`) was not one, on an edge inside the
/// function.
pub const R_EDGE: u32 = 4;
/// The same, on entry from the interpreter (on-stack replacement, a resume point).
pub const R_ENTRY: u32 = 5;
pub const R_FORPREP: u32 = 6;
/// The callee of an inlined call (see `inline`) was not the expected function, or an
/// argument not a number.
pub const R_CALLEE: u32 = 7;
/// A local indexed by a constant field name (`b.x`) was not a table.
pub const R_TABLE: u32 = 8;
/// A number used as a table key was not an integer (or past 2^52).
pub const R_KEY: u32 = 9;
/// A table access left the inline path (not a table, a key outside the array part or absent
/// from the hash part, a metamethod that may apply): see `Translator::get_with`.
pub const R_INDEX: u32 = 10;

pub fn reason_name(r: u32) -> &'static str {
    match r {
        R_ARITH => "arithmetic operand not a number",
        R_COMPARE => "comparison operand not a number",
        R_UNM => "negated operand not a number",
        R_EDGE => "number assumed at a block entry was not one",
        R_ENTRY => "number assumed at an entry from the interpreter was not one",
        R_FORPREP => "'for' start, limit or step not a number",
        R_CALLEE => "inlined callee changed, or an argument not a number",
        R_TABLE => "value indexed by a field name not a table",
        R_KEY => "number key not an integer",
        R_INDEX => "table access off the inline path",
        _ => "unknown",
    }
}

/// Helper signatures: (name, parameter types, return type).
pub fn helper_sigs() -> Vec<(&'static str, Vec<types::Type>, Option<types::Type>)> {
    use types::{F64, I64};
    let i = |n: usize| vec![I64; n];
    vec![
        ("jit_arith", i(6), Some(I64)),
        ("jit_pow", vec![F64, F64], Some(F64)),
        ("jit_floor", vec![F64], Some(F64)),
        ("jit_compare", i(6), Some(I64)),
        ("jit_getglobal", i(4), Some(I64)),
        ("jit_setglobal", i(5), Some(I64)),
        ("jit_gettable", i(5), Some(I64)),
        ("jit_rawget", i(2), Some(I64)),
        ("jit_settable", i(7), Some(I64)),
        ("jit_self", i(5), Some(I64)),
        ("jit_getupval", i(2), Some(I64)),
        ("jit_setupval", i(3), None),
        ("jit_newtable", i(5), Some(I64)),
        ("jit_closure", i(4), Some(I64)),
        ("jit_concat", i(4), Some(I64)),
        ("jit_len", i(4), Some(I64)),
        ("jit_forprep", i(4), Some(I64)),
        ("jit_setlist", i(5), Some(I64)),
        ("jit_vararg", i(3), Some(I64)),
        ("jit_close", i(2), None),
        ("jit_call", i(6), Some(I64)),
        ("jit_tailcall", i(5), Some(I64)),
        ("jit_return", i(4), Some(I64)),
        ("jit_deopt", i(4), Some(I64)),
    ]
}

pub fn make_sig(
    call_conv: cranelift_codegen::isa::CallConv,
    params: &[types::Type],
    ret: Option<types::Type>,
) -> Signature {
    let mut s = Signature::new(call_conv);
    for &t in params {
        s.params.push(AbiParam::new(t));
    }
    if let Some(r) = ret {
        s.returns.push(AbiParam::new(r));
    }
    s
}

/// What the block translator knows about a slot.
#[derive(Clone, Copy)]
struct Known {
    bits: CV,
    num: Option<CV>,
    /// An operand stack value not yet written to its slot (see `materialize`).
    dirty: bool,
    /// A boolean computed by a comparison: its truth as an i8 (so that a conditional jump
    /// on it tests the comparison itself, not the boxed boolean).
    truth: Option<CV>,
    /// The slot holds a table: its object address (`bits` without the tag).
    tbl: Option<CV>,
    /// The slot holds this positive integer constant (an array index known at compile time).
    kint: Option<i64>,
    /// The word is known to be a table (checked by `speculate_table`); its address is
    /// recomputed at each use rather than kept live.
    istab: bool,
}

impl Known {
    /// A slot's word, with its double if it is known to be a number; nothing else known.
    fn new(bits: CV, num: Option<CV>, dirty: bool) -> Self {
        Known {
            bits,
            num,
            dirty,
            truth: None,
            tbl: None,
            kint: None,
            istab: false,
        }
    }
}

/// A deopt exit: the instruction to resume at, its stack top, why, and the operand stack
/// values that must reach memory first.
struct Exit {
    pc: usize,
    block: Block,
    top: u32,
    reason: u32,
    writes: Vec<(u32, CV)>,
}

/// A fixed slot whose knowledge crosses a helper slow path (see `carry_begin`).
struct Carried {
    slot: u32,
    num: bool,
    tbl: bool,
}

/// `Translator::want_slot` of a frame not entered by a direct call.
/// (-1 is a direct caller wanting all results.)
const NOT_DIRECT: i64 = -2;

/// `Exit::top` of an exit that leaves the interpreter's frame untouched.
const KEEP_TOP: u32 = u32::MAX;

/// Why a function could not be compiled.
#[derive(Debug)]
pub struct Unsupported(pub String);

pub struct Translator<'a, 'b> {
    pub b: FunctionBuilder<'b>,
    p: &'a Proto,
    states: Vec<Option<HState>>,
    blocks: HashMap<usize, Block>,
    helpers: &'a HashMap<&'static str, FuncRef>,
    generic: &'a HashSet<usize>,
    ctx: CV,
    base8: CV,
    bp: Variable,
    open_top: Variable,
    known: HashMap<u32, Known>,
    /// Deopt exits: (pc, block, stack top, reason, operand values to write first).
    exits: Vec<Exit>,
    /// pc of the instruction being translated, and its height.
    pc: usize,
    h: u32,
    ns: u32,
    frontend: cranelift_codegen::isa::TargetFrontendConfig,
    layout: TableLayout,
    rt: Layout,
    /// Stack index of slot 0 (`JitCtx::base`).
    base: CV,
    /// The signature of compiled functions (for direct calls).
    entry_sig: SigRef,
    /// The callee context of direct calls (one per function: calls do not overlap).
    call_ctx: Option<StackSlot>,
    /// How many results the compiled caller of a direct call wants (`tier::DIRECT`'s `aux`
    /// high half), or `NOT_DIRECT` for every other entry: lets `RETURN` skip reading the
    /// frame's `CallInfo` when the caller is compiled code waiting for exactly its values.
    want_slot: StackSlot,
    /// The proto creates closures (its frame may own open upvalues at a return).
    makes_closures: bool,
    index_key: (u64, u32),
    /// One F64 variable per fixed slot: its value where it is known to be a number across
    /// block edges (see `infer`).
    vnum: Vec<Variable>,
    /// One I64 variable per fixed slot: a numeric `for` loop's index and step as integers
    /// (slots A and A+2 of a loop in `int_loops`).
    vint: Vec<Variable>,
    /// Numeric `for` loops whose index is also kept as an integer (`FORLOOP` pc -> (A, body
    /// start, `FORPREP` pc)): `FORPREP` checks that start and step are integers of at most
    /// 2^31 and the limit at most 2^52 in magnitude (deopt otherwise), so index and integer
    /// stay equal (all below 2^53); the loop variable then indexes arrays without a
    /// conversion (`int_keys`) at the body's start, and at every leader of the body when
    /// nothing in the body writes it (the last field; no assignment, no closure that could
    /// capture it). Loops with a generic pc inside keep only the double.
    int_loops: HashMap<usize, (u32, usize, usize, bool)>,
    /// One I64 variable per fixed slot: the object address where it is known to be a table.
    vtbl: Vec<Variable>,
    /// The fixed slots each block leader assumes hold numbers (in `vnum`, or in memory).
    assume: HashMap<usize, Entry>,
    /// Edge blocks still to fill: (block, target pc, what to load and check).
    pending: Vec<(Block, usize, Entry)>,
    /// Fixed slots known to hold numbers in memory (not loaded yet in this block).
    num_mem: HashSet<u32>,
    /// The numbers the current block's leader receives in registers (`Entry::reg`).
    block_regs: HashSet<u32>,
    /// Call sites to inline (`Target::inline`).
    inline: HashMap<usize, (usize, Vec<Step>)>,
    /// Number keys of this block already checked to be integers: the double's SSA value ->
    /// the index minus one (`KeyInfo::Idx`). Computed on the block's main line, so it
    /// dominates the rest of the block; cleared at each leader.
    int_keys: HashMap<CV, CV>,
    /// `Target::recursive`, `self_ref`, `self_proto`.
    recursive: HashSet<usize>,
    self_ref: FuncRef,
    self_proto: usize,
    /// Array parts read in this block: (table word, length, base address), from loads on the
    /// block's main line (a speculating access leaves through exits only, so its loads
    /// dominate the rest of the block). Valid until something may resize a table: any
    /// helper or Lua call (`call`, `direct_call`) or the end of the block (`enter_block`).
    /// Inline stores only write existing slots.
    arr_cache: Vec<(CV, CV, CV)>,
    /// Hash nodes of string constant keys found in this block: (table word, key bits,
    /// address of the node's value), under `arr_cache`'s rules (an insert would go through a
    /// helper; inline stores do not move nodes). `b.vx = b.vx + dx` looks `vx` up once.
    node_cache: Vec<(CV, u64, CV)>,
    /// Array offsets of this block already checked inside a table's array part: (table
    /// word, offset), under `arr_cache`'s rules (`perm[lo], perm[hi] = perm[hi], perm[lo]`
    /// checks each bound once).
    in_bounds: Vec<(CV, CV)>,
}

/// What the translator needs to know about the machine and the runtime.
pub struct Target {
    pub frontend: cranelift_codegen::isa::TargetFrontendConfig,
    pub rt: Layout,
    /// The signature of compiled functions.
    pub entry_sig: Signature,
    /// The interned `"__index"`: its value bits and hash.
    pub index_key: (u64, u32),
    /// Call sites to inline (see `inline`): by pc, the callee prototype's address and body.
    pub inline: HashMap<usize, (usize, Vec<Step>)>,
    /// `CALL`s that call the function being compiled (recursion, see `inline::CallHints`).
    pub recursive: HashSet<usize>,
    /// The function being compiled, for direct recursive calls.
    pub self_ref: FuncRef,
    /// Its prototype's address.
    pub self_proto: usize,
}

fn mf() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl<'a, 'b> Translator<'a, 'b> {
    pub fn new(
        b: FunctionBuilder<'b>,
        p: &'a Proto,
        states: Vec<Option<HState>>,
        helpers: &'a HashMap<&'static str, FuncRef>,
        generic: &'a HashSet<usize>,
        target: Target,
    ) -> Self {
        let Target {
            frontend,
            rt,
            entry_sig,
            index_key,
            inline,
            recursive,
            self_ref,
            self_proto,
        } = target;
        let mut b = b;
        let entry_sig = b.import_signature(entry_sig);
        let makes_closures = p
            .code
            .iter()
            .any(|&w| Instr(w).op_byte() == Op::Closure as u8);
        let bp = b.declare_var(types::I64);
        let open_top = b.declare_var(types::I64);
        let ns = p.num_slots as u32;
        let vnum = (0..ns).map(|_| b.declare_var(types::F64)).collect();
        let vint = (0..ns).map(|_| b.declare_var(types::I64)).collect();
        let vtbl = (0..ns).map(|_| b.declare_var(types::I64)).collect();
        let want_slot =
            b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
        // Placeholder values, replaced in `translate`.
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let ctx = b.block_params(entry)[0];
        Translator {
            b,
            p,
            states,
            blocks: HashMap::new(),
            helpers,
            generic,
            ctx,
            base8: ctx,
            bp,
            open_top,
            known: HashMap::new(),
            exits: Vec::new(),
            pc: 0,
            h: 0,
            ns,
            frontend,
            layout: runtime::object::Table::layout(),
            rt,
            base: ctx,
            entry_sig,
            call_ctx: None,
            want_slot,
            int_keys: HashMap::new(),
            makes_closures,
            index_key,
            vnum,
            vint,
            int_loops: HashMap::new(),
            vtbl,
            assume: HashMap::new(),
            pending: Vec::new(),
            num_mem: HashSet::new(),
            block_regs: HashSet::new(),
            inline,
            recursive,
            self_ref,
            self_proto,
            arr_cache: Vec::new(),
            node_cache: Vec::new(),
            in_bounds: Vec::new(),
        }
    }

    fn iconst(&mut self, v: u64) -> CV {
        self.b.ins().iconst(types::I64, v as i64)
    }

    fn call(&mut self, name: &str, args: &[CV]) -> Option<CV> {
        // Helpers see the frame in memory (and the collector may run in them).
        if !matches!(name, "jit_pow" | "jit_floor") {
            self.materialize();
        }
        let f = *self.helpers.get(name).expect("declared helper");
        self.forget_tables();
        let inst = self.b.ins().call(f, args);
        self.b.inst_results(inst).first().copied()
    }

    /// Drop what the block knows about table layouts (`arr_cache`, `node_cache`,
    /// `in_bounds`): at a block's start, and before anything that may resize a table.
    fn forget_tables(&mut self) {
        self.arr_cache.clear();
        self.node_cache.clear();
        self.in_bounds.clear();
    }

    fn reload_bp(&mut self) {
        let stk = self.b.ins().load(types::I64, mf(), self.ctx, CTX_STK);
        let bp = self.b.ins().iadd(stk, self.base8);
        self.b.def_var(self.bp, bp);
    }

    /// After a helper that may run Lua code: forget what is known about the fixed slots
    /// (Lua code can write them through open upvalues; nothing else can write the operand
    /// stack) and reload the stack base.
    fn clobber(&mut self) {
        self.forget_locals();
        self.reload_bp();
    }

    /// Only Lua code writing through an open upvalue can change a fixed slot behind the
    /// frame's back, and only a prototype that creates closures has open upvalues into its
    /// own frame.
    fn forget_locals(&mut self) {
        if !self.makes_closures {
            return;
        }
        let ns = self.ns;
        self.known.retain(|&i, _| i >= ns);
        self.num_mem.retain(|&i| i >= ns);
    }

    /// After a helper that wrote the slots from `first` up (results of calls) and may have
    /// run Lua code: forget those, and the fixed slots if Lua code could write them. Only
    /// after `flush`, so that no unwritten value is lost.
    ///
    /// What is kept is only the *type*: the slots below `first` are reloaded from memory
    /// (where they are, written) rather than kept in SSA values across the call, which the
    /// register allocator would spill and reload around it anyway.
    fn clobber_from(&mut self, first: u32) {
        debug_assert!(self.known.values().all(|k| !k.dirty));
        for (&i, k) in &self.known {
            if i < first && k.num.is_some() {
                self.num_mem.insert(i);
            }
        }
        self.known.clear();
        self.num_mem.retain(|&i| i < first);
        self.clobber();
    }

    /// The operand stack values held only in SSA values, by slot.
    fn dirty(&self) -> Vec<(u32, CV)> {
        let mut d: Vec<(u32, CV)> = self
            .known
            .iter()
            .filter(|(_, k)| k.dirty)
            .map(|(&i, k)| (i, k.bits))
            .collect();
        d.sort_unstable_by_key(|e| e.0);
        d
    }

    /// Write the unwritten operand stack values to their slots on this path only (a helper
    /// call, an exit); the main path still holds them as unwritten.
    fn materialize(&mut self) {
        let d = self.dirty();
        if d.is_empty() {
            return;
        }
        let bp = self.b.use_var(self.bp);
        for (i, v) in d {
            self.b.ins().store(mf(), v, bp, (i * 8) as i32);
        }
    }

    /// Write the unwritten operand stack values and remember they are written (before
    /// control reaches another bytecode block, or an instruction whose helper reads or writes
    /// the operand stack in memory).
    fn flush(&mut self) {
        self.materialize();
        for k in self.known.values_mut() {
            k.dirty = false;
        }
    }

    fn load_slot(&mut self, i: u32) -> CV {
        if let Some(k) = self.known.get(&i) {
            return k.bits;
        }
        let bp = self.b.use_var(self.bp);
        let v = self.b.ins().load(types::I64, mf(), bp, (i * 8) as i32);
        let num = self.num_mem.contains(&i).then(|| self.unbox(v));
        self.known.insert(i, Known::new(v, num, false));
        v
    }

    /// Set slot `i`: fixed slots are written at once; operand stack slots are written lazily
    /// (most are consumed by the next instructions without ever reaching memory).
    fn store_slot(&mut self, i: u32, bits: CV, num: Option<CV>) {
        let dirty = i >= self.ns;
        self.num_mem.remove(&i);
        if !dirty {
            let bp = self.b.use_var(self.bp);
            // A double goes to memory straight from its register.
            let w = num.unwrap_or(bits);
            self.b.ins().store(mf(), w, bp, (i * 8) as i32);
        }
        self.known.insert(i, Known::new(bits, num, dirty));
    }

    /// Slot `to` = slot `from`, with what is known about it.
    fn copy_slot(&mut self, from: u32, to: u32) {
        let v = self.load_slot(from);
        let k = self.known.get(&from).copied();
        self.store_slot(to, v, k.and_then(|k| k.num));
        if let (Some(k), Some(n)) = (k, self.known.get_mut(&to)) {
            n.truth = k.truth;
            n.tbl = k.tbl;
            n.kint = k.kint;
            n.istab = k.istab;
        }
    }

    /// Set slot `i` to the boolean whose truth is the i8 `c`.
    fn store_bool(&mut self, i: u32, c: CV) {
        let w = self.b.ins().uextend(types::I64, c);
        let bits = self.b.ins().iadd_imm_s(w, FALSE_BITS as i64);
        self.store_slot(i, bits, None);
        if let Some(k) = self.known.get_mut(&i) {
            k.truth = Some(c);
        }
    }

    fn store_num(&mut self, i: u32, f: CV) {
        let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
        self.store_slot(i, bits, Some(f));
    }

    /// Operand stack slot `k` (0 = the deepest value of the current height).
    fn top_rel(&self) -> u32 {
        self.ns + self.h
    }

    fn is_num(&mut self, bits: CV) -> CV {
        self.b
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThan, bits, NUMBER_LIMIT as i64)
    }

    fn unbox(&mut self, bits: CV) -> CV {
        self.b.ins().bitcast(types::F64, MemFlagsData::new(), bits)
    }

    /// The deopt exit of the current instruction (emitted at the end, in `emit_exits`).
    fn exit_block(&mut self, reason: u32) -> Block {
        let writes = self.dirty();
        self.exit_at(self.pc, self.top_rel(), reason, writes)
    }

    /// A deopt exit resuming at `pc` with stack top `top` after writing `writes`.
    fn exit_at(&mut self, pc: usize, top: u32, reason: u32, writes: Vec<(u32, CV)>) -> Block {
        if let Some(e) = self
            .exits
            .iter()
            .find(|e| e.pc == pc && e.top == top && e.reason == reason && e.writes == writes)
        {
            return e.block;
        }
        let blk = self.b.create_block();
        self.b.set_cold_block(blk);
        self.exits.push(Exit {
            pc,
            block: blk,
            top,
            reason,
            writes,
        });
        blk
    }

    fn emit_exits(&mut self) {
        // Each exit writes its own snapshot; nothing else is pending there.
        self.known.clear();
        let exits = std::mem::take(&mut self.exits);
        for Exit {
            pc,
            block: blk,
            top,
            reason,
            writes,
        } in exits
        {
            self.b.switch_to_block(blk);
            let bp = self.b.use_var(self.bp);
            for (i, v) in writes {
                self.b.ins().store(mf(), v, bp, (i * 8) as i32);
            }
            let top = if top == KEEP_TOP {
                tier::DEOPT_KEEP_FRAME
            } else {
                top as u64
            };
            let args = [
                self.ctx,
                self.iconst(pc as u64),
                self.iconst(top),
                self.iconst(reason as u64),
            ];
            let r = self.call("jit_deopt", &args).expect("status");
            self.b.ins().return_(&[r]);
        }
    }

    /// Branch to the deopt exit unless `ok`.
    fn guard(&mut self, ok: CV, reason: u32) {
        let exit = self.exit_block(reason);
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], exit, &[]);
        self.b.switch_to_block(cont);
    }

    /// The value of slot `i` as a number, guarded (deopt otherwise).
    fn num_slot(&mut self, i: u32, reason: u32) -> CV {
        self.slot_num(i, Some(reason))
    }

    /// Slot `i` as a double: from what is known, else loaded and, with `check`, guarded
    /// (deopt for that reason); without, the slot is known to hold a number (for-loop control
    /// slots).
    fn slot_num(&mut self, i: u32, check: Option<u32>) -> CV {
        let bits = self.load_slot(i);
        if let Some(Known { num: Some(f), .. }) = self.known.get(&i) {
            return *f;
        }
        if let Some(reason) = check {
            let ok = self.is_num(bits);
            self.guard(ok, reason);
        }
        let f = self.unbox(bits);
        let dirty = self.known.get(&i).is_some_and(|k| k.dirty);
        self.known.insert(i, Known::new(bits, Some(f), dirty));
        f
    }

    fn const_bits(&self, k: usize) -> u64 {
        self.p.consts[k].to_bits()
    }

    /// Return `status` from the compiled function unless it is `OK`.
    fn check_status(&mut self, status: CV) {
        let ret = self.b.create_block();
        self.b.set_cold_block(ret);
        let cont = self.b.create_block();
        self.b.ins().brif(status, ret, &[], cont, &[]);
        self.b.switch_to_block(ret);
        self.b.ins().return_(&[status]);
        self.b.switch_to_block(cont);
    }

    /// End a helper slow path: jump to `join` with its value `v` and continue there. The
    /// helper may have moved the stack and run Lua code (a metamethod) that wrote this
    /// frame's slots through upvalues.
    fn slow_join(&mut self, join: Block, v: CV, carry: &[Carried]) {
        self.reload_bp();
        self.carry_reload(carry);
        self.b.ins().jump(join, &[BlockArg::Value(v)]);
        self.b.switch_to_block(join);
        self.forget_locals();
        self.carry_land(carry);
    }

    /// Before branching to an inline fast path and a helper slow path that meet again: the
    /// loop-carried numbers of the block (those its leader receives in registers) and the
    /// known tables of fixed slots are to survive the join without their SSA values living
    /// across the helper call. A call clobbers every float register, and the register
    /// allocator then spilled loop-carried values on the hot path too (sieve's inner loop
    /// stored and reloaded its `for` control values every iteration). Instead they travel in
    /// the slots' `vnum`/`vtbl` variables, defined here for the fast path and reloaded from
    /// memory (which holds fixed slots at all times) after the call by `carry_reload`;
    /// `carry_land` takes them up at the join. Other knowledge stays as it is: carrying every
    /// known number made nbody 6% slower (moves into the join's parameters on the fast path).
    /// Nothing is carried in a prototype that creates closures (there, helpers that may run
    /// Lua code make the translator forget fixed slots).
    fn carry_begin(&mut self) -> Vec<Carried> {
        if self.makes_closures {
            return Vec::new();
        }
        let mut c: Vec<Carried> = self
            .known
            .iter()
            .filter(|(&i, k)| i < self.ns && (k.num.is_some() || k.tbl.is_some()))
            .map(|(&i, k)| Carried {
                slot: i,
                num: k.num.is_some() && self.block_regs.contains(&i),
                tbl: k.tbl.is_some(),
            })
            .collect();
        c.sort_unstable_by_key(|c| c.slot);
        for e in &c {
            let k = self.known[&e.slot];
            if let Some(f) = k.num {
                self.b.def_var(self.vnum[e.slot as usize], f);
            }
            if let Some(p) = k.tbl {
                self.b.def_var(self.vtbl[e.slot as usize], p);
            }
        }
        c
    }

    /// On a slow path after its helper (and `reload_bp`): the carried slots from memory.
    fn carry_reload(&mut self, carry: &[Carried]) {
        if carry.is_empty() {
            return;
        }
        let bp = self.b.use_var(self.bp);
        for e in carry {
            let bits = self.b.ins().load(types::I64, mf(), bp, (e.slot * 8) as i32);
            if e.num {
                let f = self.unbox(bits);
                self.b.def_var(self.vnum[e.slot as usize], f);
            }
            if e.tbl {
                let p = self.b.ins().band_imm_s(bits, PAYLOAD_MASK as i64);
                self.b.def_var(self.vtbl[e.slot as usize], p);
            }
        }
    }

    /// At the join: the carried slots are known from their variables.
    fn carry_land(&mut self, carry: &[Carried]) {
        if self.makes_closures {
            return;
        }
        for e in carry {
            let i = e.slot as usize;
            let num = e.num.then(|| self.b.use_var(self.vnum[i]));
            let tbl = e.tbl.then(|| self.b.use_var(self.vtbl[i]));
            let bits = match (num, tbl) {
                (Some(f), _) => self.b.ins().bitcast(types::I64, MemFlagsData::new(), f),
                (None, Some(p)) => self.b.ins().bor_imm_s(p, (TAG_TABLE << TAG_SHIFT) as i64),
                (None, None) => continue,
            };
            // A checked integer key stays checked under the slot's new SSA value.
            let old = self.known.get(&e.slot).and_then(|k| k.num);
            if let (Some(o), Some(f)) = (old, num) {
                if let Some(&ix) = self.int_keys.get(&o) {
                    self.int_keys.insert(f, ix);
                }
            }
            let mut k = Known::new(bits, num, false);
            k.tbl = tbl;
            self.known.insert(e.slot, k);
        }
    }

    /// Return ERROR if a value helper returned BAD.
    fn check_bad(&mut self, v: CV) {
        self.error_if(v, tier::BAD);
    }

    /// Return ERROR from the compiled function when `v` is `sentinel` (a helper's error mark;
    /// the error itself waits in `State::pending_error`).
    fn error_if(&mut self, v: CV, sentinel: u64) {
        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, v, sentinel as i64);
        let ret = self.b.create_block();
        self.b.set_cold_block(ret);
        let cont = self.b.create_block();
        self.b.ins().brif(bad, ret, &[], cont, &[]);
        self.b.switch_to_block(ret);
        let e = self.iconst(tier::ERROR);
        self.b.ins().return_(&[e]);
        self.b.switch_to_block(cont);
    }

    fn pc_top(&mut self) -> (CV, CV) {
        let pc = self.iconst(self.pc as u64);
        let top = self.iconst(self.top_rel() as u64);
        (pc, top)
    }

    fn block_for(&mut self, pc: usize) -> Block {
        match self.blocks.get(&pc) {
            Some(b) => *b,
            None => panic!("no leader block for pc {pc} (at pc {})", self.pc),
        }
    }

    /// The height of the operand stack at `pc`.
    fn height_at(&self, pc: usize) -> u32 {
        self.states[pc].map_or(0, |s| s.h)
    }

    /// Forget operand stack values above the heights of the blocks control goes to next
    /// (they are dead there and need not be written).
    fn drop_dead(&mut self, targets: &[usize]) {
        let live = self.ns
            + targets
                .iter()
                .map(|&t| self.height_at(t))
                .max()
                .unwrap_or(0);
        self.known.retain(|&i, _| i < live);
        self.num_mem.retain(|&i| i < live);
    }

    fn jump_to(&mut self, pc: usize) {
        self.drop_dead(&[pc]);
        self.flush();
        let blk = self.edge(pc);
        self.b.ins().jump(blk, &[]);
    }

    fn branch(&mut self, cond: CV, then_pc: usize, else_pc: usize) {
        self.drop_dead(&[then_pc, else_pc]);
        self.flush();
        let t = self.edge(then_pc);
        let e = self.edge(else_pc);
        let no: [BlockArg; 0] = [];
        // A negated truth (`not`, `~=`, JMPF on a comparison's boolean) branches on the
        // truth itself with the targets swapped: Cranelift does not fold the `bxor` into
        // the compare, and would materialise the flag (`seta; xor; test; jne`).
        match self.negation_of(cond) {
            Some(c) => self.b.ins().brif(c, e, &no, t, &no),
            None => self.b.ins().brif(cond, t, &no, e, &no),
        };
    }

    /// `x` when `v` is `x ^ 1` for an i8 `x` (the negation of a truth value).
    fn negation_of(&self, v: CV) -> Option<CV> {
        let dfg = &self.b.func.dfg;
        let inst = dfg.value_def(v).inst()?;
        if dfg.insts[inst].opcode() != Opcode::Bxor {
            return None;
        }
        let &[x, one] = dfg.inst_args(inst) else {
            return None;
        };
        let k = dfg.value_def(one).inst()?;
        match dfg.insts[k] {
            InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } if imm.bits() == 1 && dfg.value_type(x) == types::I8 => Some(x),
            _ => None,
        }
    }

    /// The block an edge to leader `pc` goes to, after giving the leader's assumed numbers
    /// (`assume`) their values: from what this block knows, or loaded and checked in an edge
    /// block of their own (a failed check deoptimizes at `pc`). Call after `flush`; fill the
    /// edge blocks with `fill_pending` once the current block is terminated.
    fn edge(&mut self, pc: usize) -> Block {
        let need = self.assume.get(&pc).cloned().unwrap_or_default();
        let mut missing = Entry::default();
        for i in need.reg {
            match self.known.get(&i) {
                Some(Known { num: Some(f), .. }) => {
                    let f = *f;
                    self.b.def_var(self.vnum[i as usize], f);
                }
                _ => missing.reg.push(i),
            }
        }
        for i in need.mem {
            let num = matches!(self.known.get(&i), Some(Known { num: Some(_), .. }));
            if !num && !self.num_mem.contains(&i) {
                missing.mem.push(i);
            }
        }
        for i in need.tbl {
            match self.known.get(&i) {
                Some(Known { tbl: Some(p), .. }) => {
                    let p = *p;
                    self.b.def_var(self.vtbl[i as usize], p);
                }
                _ => missing.tbl.push(i),
            }
        }
        let blk = self.block_for(pc);
        if missing.is_empty() {
            return blk;
        }
        let e = self.b.create_block();
        self.pending.push((e, pc, missing));
        e
    }

    /// Load and check the assumed numbers `what` of leader `pc` that the way in did not
    /// know, then go to it (the current block must be terminated or empty).
    fn establish(&mut self, pc: usize, what: &Entry, reason: u32) {
        // Entered from the interpreter: a failed check leaves its frame as it is.
        let top = if reason == R_ENTRY {
            KEEP_TOP
        } else {
            self.ns + self.height_at(pc)
        };
        let bp = self.b.use_var(self.bp);
        let all = what.reg.iter().map(|&i| (i, true));
        for (i, reg) in all.chain(what.mem.iter().map(|&i| (i, false))) {
            let bits = self.b.ins().load(types::I64, mf(), bp, (i * 8) as i32);
            let ok = self.is_num(bits);
            let exit = self.exit_at(pc, top, reason, Vec::new());
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], exit, &[]);
            self.b.switch_to_block(cont);
            if reg {
                let f = self.unbox(bits);
                self.b.def_var(self.vnum[i as usize], f);
            }
        }
        for &i in &what.tbl {
            let bits = self.b.ins().load(types::I64, mf(), bp, (i * 8) as i32);
            let tag = self.b.ins().ushr_imm_s(bits, TAG_SHIFT as i64);
            let ok = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_TABLE as i64);
            let exit = self.exit_at(pc, top, reason, Vec::new());
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], exit, &[]);
            self.b.switch_to_block(cont);
            let p = self.b.ins().band_imm_s(bits, PAYLOAD_MASK as i64);
            self.b.def_var(self.vtbl[i as usize], p);
        }
        if reason == R_ENTRY {
            self.establish_ints(pc);
        }
        let blk = self.block_for(pc);
        self.b.ins().jump(blk, &[]);
    }

    /// The numeric `for` loops with an integer index (`int_loops`) around leader `pc`: their
    /// `A` slots.
    fn int_loops_at(&self, pc: usize) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .int_loops
            .iter()
            .filter(|(&fl, &(_, body, _, _))| body <= pc && pc <= fl)
            .map(|(_, &(a, _, _, _))| a)
            .collect();
        v.sort_unstable();
        v
    }

    /// Choose `int_loops`: every numeric `for` loop whose `FORPREP` speculates (is not
    /// generic) and whose body has no generic leader (an entry there could not establish
    /// the integer index).
    fn find_int_loops(&mut self, leaders: &[usize]) {
        let code = &self.p.code;
        let instrs = crate::infer::instructions(self.p, &self.states);
        for &(pc, ins, op, _) in &instrs {
            if op != Op::ForLoop {
                continue;
            }
            let Some(body) = jump_target_in(code, pc).map(|t| t as usize) else {
                continue;
            };
            let Some(fp) = body.checked_sub(1) else {
                continue;
            };
            let prep = Instr(code[fp]);
            if prep.op_byte() != Op::ForPrep as u8 || prep.a8() != ins.a8() {
                continue;
            }
            let generic_inside = leaders
                .iter()
                .any(|&l| body <= l && l <= pc && self.generic.contains(&l))
                || self.generic.contains(&fp)
                || self.generic.contains(&pc);
            let var = ins.a8() + 3;
            // One pass over the body: does it write or capture the variable, index tables
            // (only then is it worth it; with the variable, presumably), call out (other than
            // inlined calls: the integers would be spilled around each, permute's loop
            // around its recursive call +3 %)?
            let (mut stable, mut indexes, mut calls) = (true, false, false);
            for &(q, i2, op2, _) in instrs.iter().filter(|&&(q, ..)| body <= q && q < pc) {
                stable &= op2 != Op::Closure && !crate::infer::writes(i2, op2).contains(&var);
                indexes |= matches!(
                    op2,
                    Op::GetTable | Op::SetTable | Op::GetTableLL | Op::SetTableLL | Op::SetIndex
                );
                calls |= matches!(op2, Op::Call | Op::TailCall) && !self.inline.contains_key(&q);
            }
            // And only short bodies: in long ones (nbody's inner loop, 31 instructions) the
            // two integers live across the whole body cost spills and reloads that outweigh
            // the conversions saved (measured +3.6 %).
            let short = pc - body <= 24;
            if !generic_inside && indexes && short && !calls && var < self.ns {
                self.int_loops.insert(pc, (ins.a8(), body, fp, stable));
            }
        }
    }

    /// Whether the double `f` is an integer of magnitude at most `bound` (an i8 condition;
    /// `bound` at most 2^52, where `array_offset`'s exactness test holds).
    fn int_within(&mut self, f: CV, bound: f64) -> CV {
        let (exact, _) = self.array_offset(f);
        let a = self.b.ins().fabs(f);
        let bv = self.b.ins().f64const(bound);
        let small = self.b.ins().fcmp(FloatCC::LessThanOrEqual, a, bv);
        self.b.ins().band(exact, small)
    }

    /// What a loop with an integer index requires (see `int_loops`): index and step integers
    /// (the index within `index_bound`, the step within 2^31) and the limit within 2^52, so
    /// that the index stays an exact integer below 2^53. An i8 condition.
    fn int_loop_ok(&mut self, index: CV, limit: CV, step: CV, index_bound: f64) -> CV {
        let ci = self.int_within(index, index_bound);
        let cs = self.int_within(step, 2147483648.0);
        let al = self.b.ins().fabs(limit);
        let lim = self.b.ins().f64const(4503599627370496.0);
        let cl = self.b.ins().fcmp(FloatCC::LessThanOrEqual, al, lim);
        let ok = self.b.ins().band(ci, cs);
        self.b.ins().band(ok, cl)
    }

    /// Whether step `f` is positive (an i8).
    fn step_positive(&mut self, f: CV) -> CV {
        let zero = self.b.ins().f64const(0.0);
        self.b.ins().fcmp(FloatCC::GreaterThan, f, zero)
    }

    /// Whether the loop with an integer index at slot `a` around `pc` has a computed step,
    /// which its `FORPREP` and every entry check to be positive.
    fn computed_step_loop(&self, a: u32, pc: usize) -> bool {
        self.int_loops.iter().any(|(&fl, &(la, body, _, _))| {
            la == a && body <= pc && pc <= fl && self.const_step(body, a).is_none()
        })
    }

    /// An entry from the interpreter at `pc` inside loops with an integer index: the index
    /// and step from their slots, checked as `FORPREP` checks them (deopt otherwise).
    fn establish_ints(&mut self, pc: usize) {
        for a in self.int_loops_at(pc) {
            let bp = self.b.use_var(self.bp);
            let ws = [0, 1, 2].map(|k| {
                self.b
                    .ins()
                    .load(types::I64, mf(), bp, ((a + k) * 8) as i32)
            });
            let mut ok = self.is_num(ws[0]);
            for w in &ws[1..] {
                let n = self.is_num(*w);
                ok = self.b.ins().band(ok, n);
            }
            let [i, l, st] = ws.map(|w| self.unbox(w));
            let ints = self.int_loop_ok(i, l, st, 4503599627370496.0);
            ok = self.b.ins().band(ok, ints);
            if self.computed_step_loop(a, pc) {
                let pos = self.step_positive(st);
                ok = self.b.ins().band(ok, pos);
            }
            let exit = self.exit_at(pc, KEEP_TOP, R_ENTRY, Vec::new());
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], exit, &[]);
            self.b.switch_to_block(cont);
            // (Integers within range: the conversions cannot trap.)
            let ii = self.b.ins().fcvt_to_sint(types::I64, i);
            let si = self.b.ins().fcvt_to_sint(types::I64, st);
            self.b.def_var(self.vint[a as usize], ii);
            self.b.def_var(self.vint[a as usize + 2], si);
        }
    }

    fn fill_pending(&mut self) {
        for (e, pc, what) in std::mem::take(&mut self.pending) {
            self.b.switch_to_block(e);
            self.establish(pc, &what, R_EDGE);
        }
    }

    /// Start translating leader `pc`: it knows its assumed numbers.
    fn enter_block(&mut self, pc: usize) {
        self.known.clear();
        self.int_keys.clear();
        self.forget_tables();
        let what = self.assume.get(&pc).cloned().unwrap_or_default();
        self.block_regs = what.reg.iter().copied().collect();
        self.num_mem = what.mem.into_iter().collect();
        for i in what.tbl {
            let p = self.b.use_var(self.vtbl[i as usize]);
            let bits = self.b.ins().bor_imm_s(p, (TAG_TABLE << TAG_SHIFT) as i64);
            self.known.insert(
                i,
                Known {
                    bits,
                    num: None,
                    dirty: false,
                    truth: None,
                    tbl: Some(p),
                    kint: None,
                    istab: true,
                },
            );
        }
        for i in what.reg {
            let f = self.b.use_var(self.vnum[i as usize]);
            let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
            self.known.insert(i, Known::new(bits, Some(f), false));
        }
        // The body of a loop with an integer index: its variable is that integer.
        let body_of: Vec<u32> = self
            .int_loops
            .iter()
            .filter(|(&fl, &(_, body, _, stable))| body == pc || (stable && body < pc && pc < fl))
            .map(|(_, &(a, _, _, _))| a)
            .collect();
        for a in body_of {
            let v = a + 3;
            if !self.known.contains_key(&v) && !self.num_mem.contains(&v) {
                continue;
            }
            let f = self.raw_num(v);
            let ji = self.b.use_var(self.vint[a as usize]);
            let ix = self.b.ins().iadd_imm_s(ji, -1);
            self.int_keys.insert(f, ix);
        }
    }

    fn ld(&mut self, p: CV, off: i32) -> CV {
        self.b.ins().load(types::I64, mf(), p, off)
    }

    fn st(&mut self, v: CV, p: CV, off: i32) {
        self.b.ins().store(mf(), v, p, off);
    }

    /// The running thread (box address).
    fn thread(&mut self) -> CV {
        let st = self.ld(self.ctx, self.rt.ctx_st);
        self.ld(st, self.rt.state_cur)
    }

    /// The frame vector of thread `th`: its length and the address just past its last
    /// `CallInfo` (the running frame's is `end - ci_size`).
    fn frames_end(&mut self, th: CV) -> (CV, CV) {
        let rt = self.rt;
        let flen = self.ld(th, rt.thread_frames_len);
        let fptr = self.ld(th, rt.thread_frames_ptr);
        let off = self.b.ins().imul_imm_s(flen, rt.ci_size as i64);
        (flen, self.b.ins().iadd(fptr, off))
    }

    /// Continue when slot `a` holds a Lua closure with compiled code, else branch to `slow`;
    /// returns the closure's box address, its prototype and the code address.
    fn compiled_callee(&mut self, a: u32, slow: Block) -> (CV, CV, CV) {
        self.compiled_callee_or(a, slow, None)
    }

    /// `compiled_callee`, with native callees going to `native` (given the function's box
    /// address as a block argument) when given.
    fn compiled_callee_or(&mut self, a: u32, slow: Block, native: Option<Block>) -> (CV, CV, CV) {
        let rt = self.rt;
        let fa = self.function_in(a, OnFail::Branch(slow));
        let is_lua = self.is_lua_fn(fa);
        match native {
            Some(nb) => {
                let cont = self.b.create_block();
                self.b
                    .ins()
                    .brif(is_lua, cont, &[], nb, &[BlockArg::Value(fa)]);
                self.b.switch_to_block(cont);
            }
            None => self.continue_if(is_lua, slow),
        }
        let proto = self.ld(fa, rt.lua_proto);
        let entry = self.ld(proto, rt.proto_entry);
        let has = self.b.ins().icmp_imm_s(IntCC::NotEqual, entry, 0);
        self.continue_if(has, slow);
        (fa, proto, entry)
    }

    /// Slot `a` must hold a function (else `fail`): its box address.
    fn function_in(&mut self, a: u32, fail: OnFail) -> CV {
        let fv = self.load_slot(a);
        let tag = self.b.ins().ushr_imm_s(fv, TAG_SHIFT as i64);
        let is_f = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, TAG_FUNCTION as i64);
        self.check(is_f, fail);
        self.b.ins().band_imm_s(fv, PAYLOAD_MASK as i64)
    }

    /// Whether the function at box address `fa` is a Lua closure (an i8).
    fn is_lua_fn(&mut self, fa: CV) -> CV {
        let kind = self.b.ins().uload8(types::I64, mf(), fa, self.rt.fn_tag);
        self.b.ins().icmp_imm_s(IntCC::Equal, kind, 0)
    }

    /// Continue when `ok`, else branch or deopt as `fail` says.
    fn check(&mut self, ok: CV, fail: OnFail) {
        match fail {
            OnFail::Branch(b) => self.continue_if(ok, b),
            OnFail::Deopt(reason) => self.guard(ok, reason),
        }
    }

    /// Branch to `other` when `c`, else continue in a new block.
    fn continue_if_not(&mut self, c: CV, other: Block) {
        let cont = self.b.create_block();
        self.b.ins().brif(c, other, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Continue in a new block when `ok`, else branch to `other`.
    fn continue_if(&mut self, ok: CV, other: Block) {
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], other, &[]);
        self.b.switch_to_block(cont);
    }

    /// Entry by a direct call (`tier::DIRECT`) from compiled code: push this function's frame
    /// the way `push_lua_frame` does, or leave with NOT_ENTERED when the frame vector, the
    /// value stack or the native stack has no room (the caller then takes the general path,
    /// which grows them or raises "stack overflow").
    fn direct_prologue(&mut self, aux: CV, cpc: CV, not_entered: Block) {
        let rt = self.rt;
        let p = self.p;
        let ns = p.num_slots as i64;
        let st = self.ld(self.ctx, rt.ctx_st);
        let th = self.ld(st, rt.state_cur);
        // Four compare-and-branches (cheaper than or-ing the conditions into one branch).
        let flen = self.ld(th, rt.thread_frames_len);
        let fcap = self.ld(th, rt.thread_frames_cap);
        let full = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, flen, fcap);
        self.continue_if_not(full, not_entered);
        let maxf = self.ld(st, rt.state_max_frames);
        let over = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, flen, maxf);
        self.continue_if_not(over, not_entered);
        let need = self.b.ins().iadd_imm_s(self.base, p.max_stack as i64 + 1);
        let slen = self.ld(th, rt.thread_stack_len);
        let small = self.b.ins().icmp(IntCC::UnsignedGreaterThan, need, slen);
        self.continue_if_not(small, not_entered);
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let lim = self.ld(st, rt.state_stack_limit);
        let deep = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, lim);
        self.continue_if_not(deep, not_entered);
        // The frame, just past the last one; the caller's resume pc in the caller's.
        let fptr = self.ld(th, rt.thread_frames_ptr);
        let off = self.b.ins().imul_imm_s(flen, rt.ci_size as i64);
        let ci = self.b.ins().iadd(fptr, off);
        self.st(cpc, ci, rt.ci_pc - rt.ci_size);
        let func = self.b.ins().iadd_imm_s(self.base, -1);
        self.st(func, ci, rt.ci_func);
        self.st(self.base, ci, rt.ci_base);
        let zero = self.iconst(0);
        self.st(zero, ci, rt.ci_pc);
        let top = self.b.ins().iadd_imm_s(self.base, ns);
        self.st(top, ci, rt.ci_top);
        let nres = self.b.ins().ushr_imm_s(aux, 32);
        if rt.ci_nvarargs == rt.ci_nresults + 4 {
            // nresults and nvarargs (0) in one store.
            self.st(nres, ci, rt.ci_nresults);
        } else {
            self.b.ins().istore32(mf(), nres, ci, rt.ci_nresults);
            self.b.ins().istore32(mf(), zero, ci, rt.ci_nvarargs);
        }
        let want = self.b.ins().sshr_imm_s(aux, 32);
        self.b
            .ins()
            .stack_store(types::I64, want, self.want_slot, 0);
        if rt.ci_tailcalls == rt.ci_flags + 4 && rt.ci_flags + 8 == rt.ci_size {
            // Flags, padding and tail-call count in one store.
            self.st(zero, ci, rt.ci_flags);
        } else {
            self.b.ins().istore16(mf(), zero, ci, rt.ci_flags);
            self.b.ins().istore32(mf(), zero, ci, rt.ci_tailcalls);
        }
        let cl = self.ld(self.ctx, rt.ctx_cl);
        let clo = self.b.ins().iadd_imm_s(cl, -(rt.fn_lua as i64));
        self.st(clo, ci, rt.ci_closure);
        let flen1 = self.b.ins().iadd_imm_s(flen, 1);
        self.st(flen1, th, rt.thread_frames_len);
        self.st(top, th, rt.thread_top);
        let nargs = self.b.ins().band_imm_s(aux, 0xFFFF_FFFF);
        self.clear_slots(nargs);
    }

    /// Entry by a tail call (`tier::DIRECT_TAIL`): the frame is in place; set its top. `aux`
    /// holds the argument count and, in its high half, the replaced frame's `want_slot`
    /// (its caller is this frame's caller).
    fn tail_prologue(&mut self, aux: CV) {
        let rt = self.rt;
        let want = self.b.ins().sshr_imm_s(aux, 32);
        self.b
            .ins()
            .stack_store(types::I64, want, self.want_slot, 0);
        let nargs = self.b.ins().band_imm_s(aux, 0xFFFF_FFFF);
        let th = self.thread();
        let (_, end) = self.frames_end(th);
        let top = self.b.ins().iadd_imm_s(self.base, self.p.num_slots as i64);
        self.st(top, end, rt.ci_top - rt.ci_size);
        self.st(top, th, rt.thread_top);
        self.clear_slots(nargs);
    }

    /// Missing parameters and the other fixed slots start as nil (extra arguments sit in
    /// slots past the parameters and are cleared too); then run from pc 0.
    fn clear_slots(&mut self, nargs: CV) {
        let ns = self.p.num_slots as i64;
        let np = self.p.num_params as i64;
        let nil = self.iconst(NIL_BITS);
        let bp = self.b.use_var(self.bp);
        if np > 0 {
            // Usually every parameter has its argument: one test instead of a select each.
            let missing = self.b.create_block();
            self.b.set_cold_block(missing);
            let rest = self.b.create_block();
            let all = self
                .b
                .ins()
                .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, nargs, np);
            self.b.ins().brif(all, rest, &[], missing, &[]);
            self.b.switch_to_block(missing);
            for i in 0..np {
                let v = self.ld(bp, (i * 8) as i32);
                let have = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::UnsignedGreaterThan, nargs, i);
                let v = self.b.ins().select(have, v, nil);
                self.st(v, bp, (i * 8) as i32);
            }
            self.b.ins().jump(rest, &[]);
            self.b.switch_to_block(rest);
        }
        for i in np..ns {
            self.st(nil, bp, (i * 8) as i32);
        }
        // (`JitCtx::top` is written by helpers producing open results before compiled code
        // reads it: nothing reads it here.)
        let nsv = self.iconst(ns as u64);
        self.b.def_var(self.open_top, nsv);
        let b0 = self.block_for(0);
        self.b.ins().jump(b0, &[]);
    }

    /// The address of upvalue `i`'s variable: the closed value inside the upvalue, or the
    /// stack slot of an open one (in whichever coroutine's stack it lives).
    fn upval_addr(&mut self, i: u32) -> CV {
        let rt = self.rt;
        // The running closure, its upvalue array and the upvalue objects in it do not
        // change while this code runs (a closure's upvalues are fixed when it is made; the
        // context's closure is rewritten only by a tail call, which leaves): read-only
        // loads, which Cranelift may share between uses (fib's two calls to itself through
        // its upvalue load the chain once). The variable's address does change (closing,
        // stack reallocation).
        let ro = mf().with_readonly().with_can_move();
        let cl = self.b.ins().load(types::I64, ro, self.ctx, rt.ctx_cl);
        let ups = self
            .b
            .ins()
            .load(types::I64, ro, cl, rt.lua_upvals_ptr - rt.fn_lua);
        let up = self.b.ins().load(types::I64, ro, ups, (i * 8) as i32);
        self.ld(up, rt.upval_v)
    }

    /// `env[K[k]]`: inline when the name is in the environment table's hash part (chain
    /// walk) with a non-nil value, or absent and no `__index` can apply; else the
    /// interpreter's path.
    fn get_global(&mut self, k: usize, t: u32) -> CV {
        let kv = self.p.consts[k];
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I64);
        if let Some(s) = kv.as_string() {
            let cl = self.ld(self.ctx, self.rt.ctx_cl);
            let env = self.ld(cl, self.rt.lua_env - self.rt.fn_lua);
            let addr = self.str_node_or(env, kv.to_bits(), s.hash(), slow);
            let v = self.ld(addr, 0);
            let not_nil = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, NIL_BITS as i64);
            let is_nil = self.b.create_block();
            self.b
                .ins()
                .brif(not_nil, join, &[BlockArg::Value(v)], is_nil, &[]);
            self.b.switch_to_block(is_nil);
            let meta = self.ld(env, self.layout.meta);
            let no_meta = self.b.ins().icmp_imm_s(IntCC::Equal, meta, 0);
            self.b
                .ins()
                .brif(no_meta, join, &[BlockArg::Value(v)], slow, &[]);
        } else {
            self.b.ins().jump(slow, &[]);
        }
        self.b.switch_to_block(slow);
        let pc = self.iconst(self.pc as u64);
        let top = self.iconst(t as u64);
        let kk = self.iconst(k as u64);
        let v = self
            .call("jit_getglobal", &[self.ctx, pc, top, kk])
            .expect("value");
        self.check_bad(v);
        self.slow_join(join, v, &carry);
        r
    }

    /// CALL A B C with B != 0 to a compiled Lua function: a native call of its code with a
    /// new context (`tier::DIRECT`); the callee pushes and pops its own frame. Branches to
    /// `join` when the callee returned, to `slow` when it is not compiled Lua code or could
    /// not be entered; any other status leaves this function too.
    fn direct_call(&mut self, a: u32, b: u32, c: u32, slow: Block, join: Block) {
        let rt = self.rt;
        // One argument and one result: `math.sqrt(x)` and its kind are computed inline.
        let native = (b == 2 && c == 2).then(|| {
            let nb = self.b.create_block();
            self.b.append_block_param(nb, types::I64);
            nb
        });
        // A recursive call (the callee was this very function when it compiled): a prototype
        // check and a direct call of this code, instead of the Lua-closure test and a load of
        // the callee's entry.
        let recursive = self.recursive.contains(&self.pc) && !self.generic.contains(&self.pc);
        let (fa, entry) = if recursive {
            // Usually the callee is the running closure itself (`fib` calling the upvalue
            // that holds it): one comparison of the slot's word with that closure's. Else
            // the prototype check, on a cold path.
            let fv = self.load_slot(a);
            let cl = self.ld(self.ctx, rt.ctx_cl);
            let own = self.b.ins().iadd_imm_s(
                cl,
                ((TAG_FUNCTION << TAG_SHIFT) as i64).wrapping_sub(rt.fn_lua as i64),
            );
            let is_own = self.b.ins().icmp(IntCC::Equal, fv, own);
            let other = self.b.create_block();
            self.b.set_cold_block(other);
            let cont = self.b.create_block();
            self.b.ins().brif(is_own, cont, &[], other, &[]);
            self.b.switch_to_block(other);
            let fa = self.function_in(a, OnFail::Branch(slow));
            // (Any function's box has a word there; only a closure of this prototype holds
            // this prototype's address in it.)
            let q = self.ld(fa, rt.lua_proto);
            let same = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, q, self.self_proto as i64);
            self.b.ins().brif(same, cont, &[], slow, &[]);
            self.b.switch_to_block(cont);
            let fa = self.b.ins().band_imm_s(fv, PAYLOAD_MASK as i64);
            (fa, None)
        } else {
            let (fa, _, entry) = self.compiled_callee_or(a, slow, native);
            (fa, Some(entry))
        };
        if let (Some(nb), Some(_)) = (native, entry) {
            let cur = self.b.current_block().expect("in a block");
            self.inline_unary(nb, a, slow, join);
            self.b.switch_to_block(cur);
        }
        // This frame's saved pc (tracebacks, and the interpreter resuming it after the
        // callee deoptimized) is stored by the callee's prologue, which has the frame
        // vector at hand (the fourth argument). The saved top and the thread's are not
        // needed: the callee's prologue sets the thread's top to its own frame's, and
        // whatever returns to this frame in the interpreter sets its top first (the general
        // path `slow` saves pc and both tops).
        let next = self.iconst(self.pc as u64 + 1);
        // Arguments: B-1, or up to the open top (B = 0).
        let nargs = if b != 0 {
            self.iconst(b as u64 - 1)
        } else {
            let ot = self.b.use_var(self.open_top);
            self.b.ins().iadd_imm_s(ot, -(a as i64 + 1))
        };
        // The callee's context.
        let ss = match self.call_ctx {
            Some(ss) => ss,
            None => {
                let ss = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    rt.ctx_size as u32,
                    3,
                ));
                self.call_ctx = Some(ss);
                ss
            }
        };
        let cx = self.b.ins().stack_addr(types::I64, ss, 0);
        let st = self.ld(self.ctx, rt.ctx_st);
        self.st(st, cx, rt.ctx_st);
        let stk = self.ld(self.ctx, rt.ctx_stk);
        self.st(stk, cx, rt.ctx_stk);
        let cbase = self.b.ins().iadd_imm_s(self.base, a as i64 + 1);
        self.st(cbase, cx, rt.ctx_base);
        let cl = self.b.ins().iadd_imm_s(fa, rt.fn_lua as i64);
        self.st(cl, cx, rt.ctx_cl);
        let nres = self.iconst(((c as i32 - 1) as u32 as u64) << 32);
        let aux = self.b.ins().bor(nargs, nres);
        let args = [cx, self.iconst(tier::DIRECT), aux, next];
        // The callee may resize any table.
        self.forget_tables();
        let call = match entry {
            Some(entry) => self.b.ins().call_indirect(self.entry_sig, entry, &args),
            None => self.b.ins().call(self.self_ref, &args),
        };
        let r = self.b.inst_results(call)[0];
        let returned = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, r, tier::RETURNED as i64);
        let other = self.b.create_block();
        self.b.set_cold_block(other);
        let done = self.b.create_block();
        self.b.ins().brif(returned, done, &[], other, &[]);
        // Not entered: the general path; anything else: pass the status on.
        self.b.switch_to_block(other);
        let ne = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, r, tier::NOT_ENTERED as i64);
        let pass = self.b.create_block();
        self.b.ins().brif(ne, slow, &[], pass, &[]);
        self.b.switch_to_block(pass);
        self.b.ins().return_(&[r]);
        self.b.switch_to_block(done);
        // The callee may have moved the stack.
        let stk = self.ld(cx, rt.ctx_stk);
        self.st(stk, self.ctx, rt.ctx_stk);
        if c == 0 {
            let th = self.thread();
            let t = self.ld(th, rt.thread_top);
            let rel = self.b.ins().isub(t, self.base);
            self.st(rel, self.ctx, CTX_TOP);
        }
        self.b.ins().jump(join, &[]);
    }

    /// Block `nb` (parameter: a native callee's box address) of `CALL A 2 2`: when the
    /// callee is one of `runtime::stdlib::math::inline_unary` and the argument a number,
    /// compute it here, put the result in slot A and go to `join`; else go to `slow`. The
    /// operand stack is flushed before a `CALL`, so the argument is in memory.
    fn inline_unary(&mut self, nb: Block, a: u32, slow: Block, join: Block) {
        self.b.switch_to_block(nb);
        let fa = self.b.block_params(nb)[0];
        let f = self.ld(fa, self.rt.native_f);
        let bp = self.b.use_var(self.bp);
        let arg = self
            .b
            .ins()
            .load(types::I64, mf(), bp, ((a + 1) * 8) as i32);
        let isn = self.is_num(arg);
        self.continue_if(isn, slow);
        let x = self.unbox(arg);
        for (i, g) in runtime::stdlib::math::inline_unary()
            .into_iter()
            .enumerate()
        {
            let same = self.b.ins().icmp_imm_s(IntCC::Equal, f, g as usize as i64);
            let hit = self.b.create_block();
            let next = self.b.create_block();
            self.b.ins().brif(same, hit, &[], next, &[]);
            self.b.switch_to_block(hit);
            let r = match i {
                0 => self.b.ins().fabs(x),
                1 => self.b.ins().ceil(x),
                2 => self.b.ins().floor(x),
                _ => self.b.ins().sqrt(x),
            };
            let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), r);
            let bp = self.b.use_var(self.bp);
            self.b.ins().store(mf(), bits, bp, (a * 8) as i32);
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(next);
        }
        self.b.ins().jump(slow, &[]);
    }

    /// `CALL A B 2` of a pure leaf (`inline`) whose prototype is at `proto`: guarded (a Lua
    /// closure of that prototype in slot A, numbers as arguments; a deopt at the `CALL`
    /// otherwise, where the interpreter makes the call), then the body in registers, its
    /// result a known number in slot A. Nothing is called, so nothing is clobbered.
    fn inline_call(&mut self, a: u32, b: u32, proto: usize, steps: &[Step]) {
        let rt = self.rt;
        let fa = self.function_in(a, OnFail::Deopt(R_CALLEE));
        let is_lua = self.is_lua_fn(fa);
        self.guard(is_lua, R_CALLEE);
        let q = self.ld(fa, rt.lua_proto);
        let same = self.b.ins().icmp_imm_s(IntCC::Equal, q, proto as i64);
        self.guard(same, R_CALLEE);
        // The callee's slots: parameters from the arguments, the rest defined by the body.
        let mut regs: HashMap<u32, CV> = HashMap::new();
        for i in 0..b - 1 {
            let x = self.num_slot(a + 1 + i, R_CALLEE);
            regs.insert(i, x);
        }
        let mut result = None;
        for &st in steps {
            match st {
                Step::Copy { from, to } => {
                    let v = regs[&from];
                    regs.insert(to, v);
                }
                Step::Num { to, x } => {
                    let v = self.b.ins().f64const(x);
                    regs.insert(to, v);
                }
                Step::Arith { kind, x, y, to } => {
                    let src = |s: Src, me: &mut Self| match s {
                        Src::Slot(i) => regs[&i],
                        Src::Num(k) => me.b.ins().f64const(k),
                    };
                    let xv = src(x, self);
                    let yv = src(y, self);
                    let r = self.num_op(kind, xv, yv);
                    regs.insert(to, r);
                }
                Step::Ret { from } => result = Some(regs[&from]),
            }
        }
        let r = result.expect("a pure leaf returns");
        // The function and arguments are popped; the result is pushed in slot A.
        let top = self.top_rel();
        self.known.retain(|&i, _| i < a || i >= top);
        self.store_num(a, r);
    }

    /// TAILCALL A B with B != 0 to a compiled, non-vararg Lua function: this frame becomes
    /// the callee's (as `jit_tailcall` does it) and control jumps to its code with a native
    /// tail call, so a chain of tail calls runs in constant native and Lua stack. Falls
    /// through (in a new block) when the callee does not qualify or the stack needs to grow.
    fn direct_tail_call(&mut self, a: u32, b: u32) {
        let rt = self.rt;
        let slow = self.b.create_block();
        let (fa, proto, entry) = self.compiled_callee(a, slow);
        let var = self
            .b
            .ins()
            .uload8(types::I64, mf(), proto, rt.proto_is_vararg);
        let fixed = self.b.ins().icmp_imm_s(IntCC::Equal, var, 0);
        self.continue_if(fixed, slow);
        let th = self.thread();
        let (_, end) = self.frames_end(th);
        let ci = self.b.ins().iadd_imm_s(end, -(rt.ci_size as i64));
        let cfunc = self.ld(ci, rt.ci_func);
        let maxs = self.b.ins().uload32(mf(), proto, rt.proto_max_stack);
        let need0 = self.b.ins().iadd(cfunc, maxs);
        let need = self.b.ins().iadd_imm_s(need0, 2);
        let slen = self.ld(th, rt.thread_stack_len);
        let room = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, need, slen);
        self.continue_if(room, slow);
        if self.makes_closures {
            self.no_open_upvals(th, slow);
        }
        // Move the function and its arguments down to this frame's function slot.
        let stk = self.ld(self.ctx, rt.ctx_stk);
        let f8 = self.b.ins().ishl_imm_s(cfunc, 3);
        let dst = self.b.ins().iadd(stk, f8);
        let nargs = if b != 0 {
            let vals: Vec<CV> = (0..b).map(|i| self.load_slot(a + i)).collect();
            for (i, v) in vals.into_iter().enumerate() {
                self.st(v, dst, (i * 8) as i32);
            }
            self.iconst(b as u64 - 1)
        } else {
            // Up to the open top: a copy loop (ascending, the destination is below).
            let ot = self.b.use_var(self.open_top);
            let n = self.b.ins().iadd_imm_s(ot, -(a as i64));
            let bp = self.b.use_var(self.bp);
            let src = self.b.ins().iadd_imm_s(bp, a as i64 * 8);
            let head = self.b.create_block();
            let i = self.b.append_block_param(head, types::I64);
            let body = self.b.create_block();
            let done = self.b.create_block();
            let z = self.iconst(0);
            self.b.ins().jump(head, &[BlockArg::Value(z)]);
            self.b.switch_to_block(head);
            let more = self.b.ins().icmp(IntCC::UnsignedLessThan, i, n);
            self.b.ins().brif(more, body, &[], done, &[]);
            self.b.switch_to_block(body);
            let o = self.b.ins().ishl_imm_s(i, 3);
            let sa = self.b.ins().iadd(src, o);
            let v = self.ld(sa, 0);
            let da = self.b.ins().iadd(dst, o);
            self.st(v, da, 0);
            let i1 = self.b.ins().iadd_imm_s(i, 1);
            self.b.ins().jump(head, &[BlockArg::Value(i1)]);
            self.b.switch_to_block(done);
            self.b.ins().iadd_imm_s(n, -1)
        };
        // The frame becomes the callee's.
        let nbase = self.b.ins().iadd_imm_s(cfunc, 1);
        self.st(nbase, ci, rt.ci_base);
        let zero = self.iconst(0);
        self.st(zero, ci, rt.ci_pc);
        self.b.ins().istore32(mf(), zero, ci, rt.ci_nvarargs);
        self.st(fa, ci, rt.ci_closure);
        let flags = self.b.ins().uload16(types::I64, mf(), ci, rt.ci_flags);
        let keep = (CallInfo::ENTRY | CallInfo::PCALL | CallInfo::XPCALL) as i64;
        let kept = self.b.ins().band_imm_s(flags, keep);
        let nf = self.b.ins().bor_imm_s(kept, CallInfo::TAIL as i64);
        self.b.ins().istore16(mf(), nf, ci, rt.ci_flags);
        // One more tail call replaced this frame (wrapping after 2^32, where the interpreter
        // saturates: either way a `TAIL` frame shows at least one tail level).
        let tc = self.b.ins().uload32(mf(), ci, rt.ci_tailcalls);
        let tc1 = self.b.ins().iadd_imm_s(tc, 1);
        self.b.ins().istore32(mf(), tc1, ci, rt.ci_tailcalls);
        self.st(nbase, self.ctx, rt.ctx_base);
        let cl = self.b.ins().iadd_imm_s(fa, rt.fn_lua as i64);
        self.st(cl, self.ctx, rt.ctx_cl);
        let want = self
            .b
            .ins()
            .stack_load(types::I64, types::I64, self.want_slot, 0);
        let hi = self.b.ins().ishl_imm_s(want, 32);
        let aux = self.b.ins().bor(hi, nargs);
        let unused = self.iconst(0);
        let args = [self.ctx, self.iconst(tier::DIRECT_TAIL), aux, unused];
        self.b
            .ins()
            .return_call_indirect(self.entry_sig, entry, &args);
        self.b.switch_to_block(slow);
    }

    /// Continue when no open upvalue points into this frame, else branch to `slow`.
    fn no_open_upvals(&mut self, th: CV, slow: Block) {
        let rt = self.rt;
        let olen = self.ld(th, rt.thread_open_len);
        let none = self.b.ins().icmp_imm_s(IntCC::Equal, olen, 0);
        let check = self.b.create_block();
        let clear = self.b.create_block();
        self.b.ins().brif(none, clear, &[], check, &[]);
        self.b.switch_to_block(check);
        let optr = self.ld(th, rt.thread_open_ptr);
        let o8 = self.b.ins().ishl_imm_s(olen, 3);
        let lastp = self.b.ins().iadd(optr, o8);
        let last = self.ld(lastp, -8);
        let idx = self.ld(last, rt.upval_index);
        let below = self.b.ins().icmp(IntCC::UnsignedLessThan, idx, self.base);
        self.b.ins().brif(below, clear, &[], slow, &[]);
        self.b.switch_to_block(clear);
    }

    /// RETURN of `n` values from slot `a`, inline for a plain frame (no entry, pcall or
    /// xpcall mark) whose caller wants at most `n` values (or all) and when no open upvalue
    /// points into the frame; otherwise falls through to the general path.
    fn fast_return(&mut self, a: u32, n: u32) {
        let rt = self.rt;
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        // Entered by a direct call whose caller wants exactly these values or all: the
        // frame is plain (pushed by `direct_prologue`), the results go to its function slot.
        // (The values first: both paths below use them.)
        let vals: Vec<CV> = (0..n).map(|i| self.load_slot(a + i)).collect();
        let want = self
            .b
            .ins()
            .stack_load(types::I64, types::I64, self.want_slot, 0);
        let exact = self.b.ins().icmp_imm_s(IntCC::Equal, want, n as i64);
        let direct = self.b.create_block();
        let other = self.b.create_block();
        let maybe_all = self.b.create_block();
        self.b.ins().brif(exact, direct, &[], maybe_all, &[]);
        self.b.switch_to_block(maybe_all);
        let all = self.b.ins().icmp_imm_s(IntCC::Equal, want, -1);
        self.b.ins().brif(all, direct, &[], other, &[]);
        self.b.switch_to_block(direct);
        let th = self.thread();
        if self.makes_closures {
            self.no_open_upvals(th, other);
        }
        let bp = self.b.use_var(self.bp);
        for (i, &v) in vals.iter().enumerate() {
            self.st(v, bp, (i as i32 - 1) * 8);
        }
        let flen = self.ld(th, rt.thread_frames_len);
        let flen1 = self.b.ins().iadd_imm_s(flen, -1);
        self.st(flen1, th, rt.thread_frames_len);
        let top = self.b.ins().iadd_imm_s(self.base, n as i64 - 1);
        self.st(top, th, rt.thread_top);
        let r = self.iconst(tier::RETURNED);
        self.b.ins().return_(&[r]);
        self.b.switch_to_block(other);
        let th = self.thread();
        let (flen, end) = self.frames_end(th);
        let ci = self.b.ins().iadd_imm_s(end, -(rt.ci_size as i64));
        let flags = self.b.ins().uload16(types::I64, mf(), ci, rt.ci_flags);
        let marks = self
            .b
            .ins()
            .band_imm_s(flags, !((CallInfo::TAIL | CallInfo::ENTRY) as i64));
        let plain = self.b.ins().icmp_imm_s(IntCC::Equal, marks, 0);
        self.continue_if(plain, slow);
        let want = self.b.ins().sload32(mf(), ci, rt.ci_nresults);
        let all = self.b.ins().icmp_imm_s(IntCC::Equal, want, -1);
        let nv = self.iconst(n as u64);
        let count = self.b.ins().select(all, nv, want);
        let fits = self
            .b
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThanOrEqual, count, n as i64);
        self.continue_if(fits, slow);
        if self.makes_closures {
            self.no_open_upvals(th, slow);
        }
        // Move the values down to the function slot (all n: the slots past `count` are
        // dead), pop the frame, and publish the caller's top.
        let func = self.ld(ci, rt.ci_func);
        let vals: Vec<CV> = (0..n).map(|i| self.load_slot(a + i)).collect();
        let stk = self.ld(self.ctx, rt.ctx_stk);
        let f8 = self.b.ins().ishl_imm_s(func, 3);
        let dst = self.b.ins().iadd(stk, f8);
        for (i, v) in vals.into_iter().enumerate() {
            self.st(v, dst, (i * 8) as i32);
        }
        let flen1 = self.b.ins().iadd_imm_s(flen, -1);
        self.st(flen1, th, rt.thread_frames_len);
        let top = self.b.ins().iadd(func, count);
        self.st(top, th, rt.thread_top);
        // An entry frame returns to whoever called the interpreter (do_return leaves the
        // frame below alone); otherwise the caller's top is published.
        let entry = self.b.ins().band_imm_s(flags, CallInfo::ENTRY as i64);
        let to_caller = self.b.create_block();
        let to_host = self.b.create_block();
        self.b.ins().brif(entry, to_host, &[], to_caller, &[]);
        self.b.switch_to_block(to_host);
        let r = self.iconst(tier::RETURNED_ENTRY);
        self.b.ins().return_(&[r]);
        self.b.switch_to_block(to_caller);
        self.st(top, ci, rt.ci_top - rt.ci_size);
        let r = self.iconst(tier::RETURNED);
        self.b.ins().return_(&[r]);
        self.b.switch_to_block(slow);
    }

    /// Translate the whole prototype.
    pub fn translate(mut self) -> Result<(), Unsupported> {
        let p = self.p;
        let code = &p.code;
        let n = code.len();
        // Leaders: pc 0, jump targets, instructions after branches and terminators, and the
        // instruction after each CALL (a resume point).
        let mut leaders: HashSet<usize> = HashSet::new();
        leaders.insert(0);
        let mut pc = 0;
        while pc < n {
            let ins = Instr(code[pc]);
            let op = Op::from_u8(ins.op_byte()).ok_or_else(|| Unsupported("bad opcode".into()))?;
            let next = pc + 1 + op.extra_words();
            if self.states[pc].is_some() {
                if let Some(t) = jump_target_in(code, pc) {
                    leaders.insert(t as usize);
                    leaders.insert(next);
                }
                if matches!(op, Op::Call | Op::Return | Op::TailCall | Op::Jmp) {
                    leaders.insert(next);
                }
            }
            pc = next;
        }
        let mut lv: Vec<usize> = leaders
            .into_iter()
            .filter(|&l| l < n && self.states[l].is_some())
            .collect();
        lv.sort_unstable();
        for &l in &lv {
            let blk = self.b.create_block();
            self.blocks.insert(l, blk);
        }
        let inlined: HashSet<usize> = self.inline.keys().copied().collect();
        self.assume = crate::infer::number_slots(p, &self.states, self.generic, &lv, &inlined);
        debug_assert!(self.assume.get(&0).is_none_or(|a| a.is_empty()));

        // Prologue: the stack base, the entry dispatch.
        let base = self.b.ins().load(types::I64, mf(), self.ctx, CTX_BASE);
        self.base = base;
        self.base8 = self.b.ins().ishl_imm_s(base, 3);
        self.reload_bp();
        let (entry_pc, aux, cpc) = {
            let blk = self.b.current_block().expect("entry");
            let ps = self.b.block_params(blk);
            (ps[1], ps[2], ps[3])
        };
        self.find_int_loops(&lv);
        let not_entered = self.b.create_block();
        let mut sw = Switch::new();
        // Entries at leaders that assume numbers (or sit inside a loop with an integer
        // index) go through a block that checks them.
        let mut stubs = Vec::new();
        // Where the interpreter enters compiled code: pc 0, loop headers (on-stack
        // replacement at a back-edge's target) and resume points after calls.
        let mut resumable: HashSet<usize> = HashSet::from([0]);
        for (pc, _, op, next) in crate::infer::instructions(p, &self.states) {
            if matches!(op, Op::Call | Op::TailCall) {
                resumable.insert(next);
            }
            if let Some(t) = jump_target_in(code, pc) {
                if (t as usize) <= pc {
                    resumable.insert(t as usize);
                }
            }
        }
        for &l in &lv {
            let in_int_loop = !self.int_loops_at(l).is_empty();
            // Inside a loop with an integer index, only those (each entry checks and
            // converts the index: no need to make one for every leader).
            if in_int_loop && !resumable.contains(&l) {
                continue;
            }
            let to = match self.assume.get(&l) {
                Some(a) if !a.is_empty() || in_int_loop => {
                    let s = self.b.create_block();
                    stubs.push((s, l));
                    s
                }
                None if in_int_loop => {
                    self.assume.insert(l, Entry::default());
                    let s = self.b.create_block();
                    stubs.push((s, l));
                    s
                }
                _ => self.blocks[&l],
            };
            sw.set_entry(l as u128, to);
        }
        // Vararg functions take no direct calls (their frame layout depends on the call).
        let direct = (!p.is_vararg).then(|| (self.b.create_block(), self.b.create_block()));
        if let Some((d, dt)) = direct {
            // Calls from compiled code first: one compare each instead of the search tree.
            let is_d = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, entry_pc, tier::DIRECT as i64);
            self.continue_if_not(is_d, d);
            let is_dt = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, entry_pc, tier::DIRECT_TAIL as i64);
            self.continue_if_not(is_dt, dt);
        }
        // Entries from the interpreter: the frame's top as it saved it (direct entries set
        // their own in `clear_slots`).
        let top = self.b.ins().load(types::I64, mf(), self.ctx, CTX_TOP);
        self.b.def_var(self.open_top, top);
        // Every other entry returns through the frame's CallInfo.
        let not_direct = self.iconst(NOT_DIRECT as u64);
        self.b
            .ins()
            .stack_store(types::I64, not_direct, self.want_slot, 0);
        sw.emit(&mut self.b, entry_pc, not_entered);
        self.b.switch_to_block(not_entered);
        let ne = self.iconst(tier::NOT_ENTERED);
        self.b.ins().return_(&[ne]);
        if let Some((d, dt)) = direct {
            self.b.switch_to_block(d);
            self.direct_prologue(aux, cpc, not_entered);
            self.b.switch_to_block(dt);
            self.tail_prologue(aux);
        }
        for (s, l) in stubs {
            self.b.switch_to_block(s);
            let what = self.assume[&l].clone();
            self.establish(l, &what, R_ENTRY);
        }

        // Body.
        let mut pc = 0;
        let mut open_block = false;
        while pc < n {
            let ins = Instr(code[pc]);
            let op = Op::from_u8(ins.op_byte()).expect("checked");
            let next = pc + 1 + op.extra_words();
            let Some(state) = self.states[pc] else {
                pc = next;
                continue;
            };
            if let Some(&blk) = self.blocks.get(&pc) {
                if open_block {
                    self.jump_to(pc);
                    self.fill_pending();
                }
                self.b.switch_to_block(blk);
                self.enter_block(pc);
                open_block = true;
            }
            if !open_block {
                return Err(Unsupported(format!("pc {pc} not in a block")));
            }
            self.pc = pc;
            self.h = state.h;
            // Values above the height are dead.
            let live = self.ns + state.h;
            self.known.retain(|&i, _| i < live);
            self.num_mem.retain(|&i| i < live);
            let falls = self.instr(ins, op, next)?;
            if !falls {
                self.fill_pending();
            }
            open_block = falls;
            pc = next;
        }
        if open_block {
            return Err(Unsupported("execution falls off the end".into()));
        }
        self.emit_exits();
        self.b.seal_all_blocks();
        self.b.finalize(self.frontend);
        Ok(())
    }

    /// Translate one instruction; returns whether control falls through to `next`.
    fn instr(&mut self, ins: Instr, op: Op, next: usize) -> Result<bool, Unsupported> {
        let t = self.top_rel();
        // These helpers (and direct calls) read their operands from memory and write results
        // over them: everything unwritten goes to memory first.
        if matches!(op, Op::Call | Op::TailCall | Op::Vararg | Op::Concat) {
            self.flush();
        }
        match op {
            Op::Nop => {}
            Op::LoadNil => {
                let nil = self.iconst(NIL_BITS);
                for i in 0..ins.a24() {
                    self.store_slot(t + i, nil, None);
                }
            }
            Op::LoadTrue => {
                let v = self.iconst(TRUE_BITS);
                self.store_slot(t, v, None);
            }
            Op::LoadFalse => {
                let v = self.iconst(FALSE_BITS);
                self.store_slot(t, v, None);
            }
            Op::LoadK => {
                let k = self.p.consts[ins.a24() as usize];
                let bits = self.iconst(k.to_bits());
                let num = k.as_number().map(|x| self.b.ins().f64const(x));
                self.store_slot(t, bits, num);
                let kint = k.as_number().and_then(array_index);
                if let Some(e) = self.known.get_mut(&t) {
                    e.kint = kint;
                }
            }
            Op::GetLocal => {
                let s = ins.a24();
                self.copy_slot(s, t);
            }
            Op::SetLocal => {
                self.copy_slot(t - 1, ins.a24());
            }
            Op::GetUpval => {
                let addr = self.upval_addr(ins.a24());
                let v = self.ld(addr, 0);
                self.store_slot(t, v, None);
            }
            Op::SetUpval => {
                let v = self.load_slot(t - 1);
                let addr = self.upval_addr(ins.a24());
                self.st(v, addr, 0);
                // The upvalue may be one of this frame's own slots.
                self.forget_locals();
            }
            Op::GetGlobal => {
                let v = self.get_global(ins.a24() as usize, t);
                self.store_slot(t, v, None);
            }
            Op::SetGlobal => {
                let v = self.load_slot(t - 1);
                let (pc, _) = self.pc_top();
                let top = self.iconst((t - 1) as u64);
                let k = self.iconst(ins.a24() as u64);
                let s = self
                    .call("jit_setglobal", &[self.ctx, pc, top, k, v])
                    .expect("status");
                self.check_status(s);
                self.clobber();
            }
            Op::GetTable => {
                let tb = self.load_slot(t - 2);
                let k = self.load_slot(t - 1);
                let ki = self.key_info(Some(t - 1), k, None);
                let v = self.get(tb, k, ki, t);
                self.store_slot(t - 2, v, None);
            }
            Op::GetTableLL => {
                let tb = self.load_slot(ins.a8());
                let k = self.load_slot(ins.b16());
                let ki = self.key_info(Some(ins.b16()), k, None);
                let v = self.get(tb, k, ki, t);
                self.store_slot(t, v, None);
            }
            Op::GetField => {
                let tb = self.load_slot(t - 1);
                self.speculate_table(tb);
                let k = self.iconst(self.const_bits(ins.a24() as usize));
                let ki = self.key_info(None, k, Some(ins.a24() as usize));
                let v = self.get(tb, k, ki, t);
                self.store_slot(t - 1, v, None);
            }
            Op::GetFieldL => {
                let tb = self.load_slot(ins.a8());
                self.speculate_table(tb);
                let k = self.iconst(self.const_bits(ins.b16() as usize));
                let ki = self.key_info(None, k, Some(ins.b16() as usize));
                let v = self.get(tb, k, ki, t);
                self.store_slot(t, v, None);
            }
            Op::SetTable => {
                let tb = self.load_slot(t - 3);
                let k = self.load_slot(t - 2);
                let v = self.load_slot(t - 1);
                let ki = self.key_info(Some(t - 2), k, None);
                self.set(tb, k, ki, v, t, true);
            }
            Op::SetTableLL => {
                let tb = self.load_slot(ins.a8());
                let k = self.load_slot(ins.b16());
                let v = self.load_slot(t - 1);
                let ki = self.key_info(Some(ins.b16()), k, None);
                self.set(tb, k, ki, v, t, true);
            }
            Op::SetFieldL => {
                let tb = self.load_slot(ins.a8());
                self.speculate_table(tb);
                let v = self.load_slot(t - 1);
                let k = self.iconst(self.const_bits(ins.b16() as usize));
                let ki = self.key_info(None, k, Some(ins.b16() as usize));
                self.set(tb, k, ki, v, t, true);
            }
            Op::SetField => {
                let tb = self.load_slot(t - 2);
                self.speculate_table(tb);
                let v = self.load_slot(t - 1);
                let k = self.iconst(self.const_bits(ins.a24() as usize));
                let ki = self.key_info(None, k, Some(ins.a24() as usize));
                self.set(tb, k, ki, v, t, true);
            }
            Op::SetIndex => {
                let a = ins.a24();
                let v = self.load_slot(t - 1);
                let tb = self.load_slot(t - 1 - a);
                let k = self.load_slot(t - a);
                let ki = self.key_info(Some(t - a), k, None);
                self.set(tb, k, ki, v, t, true);
            }
            Op::TSet => {
                let a = ins.a24();
                let v = self.load_slot(t - 1);
                let k = self.load_slot(t - 2);
                let tb = self.load_slot(t - 3 - a);
                let ki = self.key_info(Some(t - 2), k, None);
                self.set(tb, k, ki, v, t, false);
            }
            Op::SelfOp => {
                let o = self.load_slot(t - 1);
                let kidx = ins.a24();
                let k = self.iconst(self.const_bits(kidx as usize));
                let ki = self.key_info(None, k, Some(kidx as usize));
                let m = self.get_with(o, k, ki, t, Some(kidx));
                self.store_slot(t - 1, m, None);
                self.store_slot(t, o, None);
            }
            Op::NewTable => {
                let (pc, top) = self.pc_top();
                let a = self.iconst(ins.a8() as u64);
                let b = self.iconst(ins.b16() as u64);
                let s = self
                    .call("jit_newtable", &[self.ctx, pc, top, a, b])
                    .expect("status");
                self.check_status(s);
                self.clobber();
                let bp = self.b.use_var(self.bp);
                let bits = self.b.ins().load(types::I64, mf(), bp, (t * 8) as i32);
                let p = self.b.ins().band_imm_s(bits, PAYLOAD_MASK as i64);
                self.store_slot(t, bits, None);
                if let Some(k) = self.known.get_mut(&t) {
                    // Already in memory (the helper put it there).
                    k.dirty = false;
                    k.tbl = Some(p);
                }
            }
            Op::SetList => {
                let a = ins.a8();
                let start = self.p.code[self.pc + 1] as u64;
                let nv = if ins.b8() == 0 {
                    let ot = self.b.use_var(self.open_top);
                    let base = self.iconst(a as u64 + 1);
                    self.b.ins().isub(ot, base)
                } else {
                    self.iconst(ins.b8() as u64 - 1)
                };
                let pc = self.iconst(self.pc as u64);
                let av = self.iconst(a as u64);
                let st = self.iconst(start);
                let s = self
                    .call("jit_setlist", &[self.ctx, pc, av, nv, st])
                    .expect("status");
                self.check_status(s);
                self.clobber();
            }
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Pow => {
                let r = self.arith(op_kind(op), t - 2, Operand::Slot(t - 1), t);
                self.put_result(t - 2, r);
            }
            Op::AddLL | Op::SubLL | Op::MulLL | Op::DivLL | Op::ModLL | Op::PowLL => {
                let r = self.arith(op_kind(op), ins.a8(), Operand::Slot(ins.b16()), t);
                self.put_result(t, r);
            }
            Op::AddLK | Op::SubLK | Op::MulLK | Op::DivLK | Op::ModLK | Op::PowLK => {
                let r = self.arith(op_kind(op), ins.a8(), Operand::Const(ins.b16() as usize), t);
                self.put_result(t, r);
            }
            Op::SAddLL | Op::SSubLL | Op::SMulLL | Op::SDivLL | Op::SModLL | Op::SPowLL => {
                let r = self.arith(op_kind(op), ins.b8(), Operand::Slot(ins.c8()), t);
                self.put_result(ins.a8(), r);
            }
            Op::SAddLK | Op::SSubLK | Op::SMulLK | Op::SDivLK | Op::SModLK | Op::SPowLK => {
                let r = self.arith(op_kind(op), ins.b8(), Operand::Const(ins.c8() as usize), t);
                self.put_result(ins.a8(), r);
            }
            Op::AddTL | Op::SubTL | Op::MulTL | Op::DivTL | Op::ModTL | Op::PowTL => {
                let r = self.arith(op_kind(op), t - 1, Operand::Slot(ins.a24()), t);
                self.put_result(t - 1, r);
            }
            Op::AddTK | Op::SubTK | Op::MulTK | Op::DivTK | Op::ModTK | Op::PowTK => {
                let r = self.arith(op_kind(op), t - 1, Operand::Const(ins.a24() as usize), t);
                self.put_result(t - 1, r);
            }
            Op::Unm => {
                let r = self.arith(6, t - 1, Operand::Slot(t - 1), t);
                self.put_result(t - 1, r);
            }
            Op::Not => {
                let f = self.falsy_slot(t - 1);
                self.store_bool(t - 1, f);
            }
            Op::Len => {
                let v = self.load_slot(t - 1);
                let (pc, top) = self.pc_top();
                let r = self
                    .call("jit_len", &[self.ctx, pc, top, v])
                    .expect("value");
                self.check_bad(r);
                self.clobber();
                self.store_slot(t - 1, r, None);
            }
            Op::Concat => {
                let (pc, top) = self.pc_top();
                let nv = self.iconst(ins.a24() as u64);
                let s = self
                    .call("jit_concat", &[self.ctx, pc, top, nv])
                    .expect("status");
                self.check_status(s);
                self.clobber_from(t - ins.a24());
            }
            Op::Eq | Op::Ne => {
                let c = self.eq_slots(Operand::Slot(t - 2), Operand::Slot(t - 1), t);
                let c = if op == Op::Ne {
                    self.b.ins().bxor_imm_s(c, 1)
                } else {
                    c
                };
                self.store_bool(t - 2, c);
            }
            Op::Lt | Op::Le => {
                let (x, y) = if ins.a24() == 1 {
                    (t - 1, t - 2)
                } else {
                    (t - 2, t - 1)
                };
                let c = self.order(op == Op::Le, Operand::Slot(x), Operand::Slot(y), t);
                self.store_bool(t - 2, c);
            }
            Op::JLtLL | Op::JLtLK | Op::JLeLL | Op::JLeLK => {
                let le = matches!(op, Op::JLeLL | Op::JLeLK);
                let a = Operand::Slot(ins.a8());
                let b = if matches!(op, Op::JLtLL | Op::JLeLL) {
                    Operand::Slot(ins.b8())
                } else {
                    Operand::Const(ins.b8() as usize)
                };
                let flags = ins.c8();
                let (x, y) = if flags & 4 != 0 { (b, a) } else { (a, b) };
                let c = self.order(le, x, y, t);
                self.cond_jump(c, flags & 2 != 0, next);
                return Ok(false);
            }
            Op::JEqLL | Op::JEqLK => {
                let b = if op == Op::JEqLL {
                    Operand::Slot(ins.b8())
                } else {
                    Operand::Const(ins.b8() as usize)
                };
                let c = self.eq_slots(Operand::Slot(ins.a8()), b, t);
                self.cond_jump(c, ins.c8() & 2 != 0, next);
                return Ok(false);
            }
            Op::Jmp => {
                let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                self.jump_to(target);
                return Ok(false);
            }
            Op::JmpF | Op::JmpT | Op::AndJ | Op::OrJ => {
                // JMPF/ANDJ jump on a falsy top, JMPT/ORJ on a truthy one (the heights on the
                // two edges come from the verifier's states).
                let f = self.falsy_slot(t - 1);
                let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                if matches!(op, Op::JmpF | Op::AndJ) {
                    self.branch(f, target, next);
                } else {
                    self.branch(f, next, target);
                }
                return Ok(false);
            }
            Op::Call if self.inline.contains_key(&self.pc) => {
                let (addr, steps) = self.inline[&self.pc].clone();
                self.inline_call(ins.a8(), ins.b8(), addr, &steps);
            }
            Op::Call => {
                let (a, b, c) = (ins.a8(), ins.b8(), ins.c8());
                let slow = self.b.create_block();
                let join = self.b.create_block();
                self.direct_call(a, b, c, slow, join);
                self.b.switch_to_block(slow);
                let pc = self.iconst(self.pc as u64);
                let av = self.iconst(a as u64);
                let bv = self.iconst(b as u64);
                let cv = self.iconst(c as u64);
                let top = if b == 0 {
                    self.b.use_var(self.open_top)
                } else {
                    self.iconst(0)
                };
                let s = self
                    .call("jit_call", &[self.ctx, pc, av, bv, cv, top])
                    .expect("status");
                self.check_status(s);
                self.b.ins().jump(join, &[]);
                self.b.switch_to_block(join);
                self.clobber_from(a);
                if c == 0 {
                    let nt = self.b.ins().load(types::I64, mf(), self.ctx, CTX_TOP);
                    self.b.def_var(self.open_top, nt);
                }
            }
            Op::TailCall => {
                let (a, b) = (ins.a8(), ins.b8());
                self.direct_tail_call(a, b);
                let pc = self.iconst(self.pc as u64);
                let av = self.iconst(a as u64);
                let bv = self.iconst(b as u64);
                let top = if b == 0 {
                    self.b.use_var(self.open_top)
                } else {
                    self.iconst(0)
                };
                let s = self
                    .call("jit_tailcall", &[self.ctx, pc, av, bv, top])
                    .expect("status");
                self.check_status(s);
                self.clobber_from(a);
                let nt = self.b.ins().load(types::I64, mf(), self.ctx, CTX_TOP);
                self.b.def_var(self.open_top, nt);
            }
            Op::Return => {
                let a = ins.a8();
                let nv = if ins.b16() == 0 {
                    let ot = self.b.use_var(self.open_top);
                    let av = self.iconst(a as u64);
                    self.b.ins().isub(ot, av)
                } else {
                    self.iconst(ins.b16() as u64 - 1)
                };
                if ins.b16() != 0 {
                    self.fast_return(a, ins.b16() - 1);
                }
                let pc = self.iconst(self.pc as u64);
                let av = self.iconst(a as u64);
                let s = self
                    .call("jit_return", &[self.ctx, pc, av, nv])
                    .expect("status");
                self.b.ins().return_(&[s]);
                return Ok(false);
            }
            Op::Vararg => {
                let top = self.iconst(t as u64);
                let want = if ins.a24() == 0 {
                    u64::MAX
                } else {
                    ins.a24() as u64 - 1
                };
                let w = self.iconst(want);
                let s = self
                    .call("jit_vararg", &[self.ctx, top, w])
                    .expect("status");
                self.check_status(s);
                self.clobber_from(t);
                if ins.a24() == 0 {
                    let nt = self.b.ins().load(types::I64, mf(), self.ctx, CTX_TOP);
                    self.b.def_var(self.open_top, nt);
                }
            }
            Op::Closure => {
                let (pc, top) = self.pc_top();
                let i = self.iconst(ins.a24() as u64);
                let s = self
                    .call("jit_closure", &[self.ctx, pc, top, i])
                    .expect("status");
                self.check_status(s);
                self.clobber();
            }
            Op::Close => {
                let l = self.iconst(ins.a24() as u64);
                self.call("jit_close", &[self.ctx, l]);
            }
            Op::Pop => {}
            Op::ForPrep => {
                // Three numbers (the usual case): inline; else the interpreter's checks and
                // coercions (or its error) in the helper.
                let a = ins.a8();
                let vals = [t - 3, t - 2, t - 1].map(|i| self.load_slot(i));
                let n0 = self.is_num(vals[0]);
                let n1 = self.is_num(vals[1]);
                let n2 = self.is_num(vals[2]);
                let all = self.b.ins().band(n0, n1);
                let all = self.b.ins().band(all, n2);
                if !self.generic.contains(&self.pc) {
                    // Speculate (a helper call here would make the register allocator spill
                    // every number live across it, loop-carried ones included).
                    self.guard(all, R_FORPREP);
                    let [i0, l0, s0] = vals.map(|v| self.unbox(v));
                    let i1 = self.b.ins().fsub(i0, s0);
                    let int_loop = self
                        .int_loops
                        .values()
                        .any(|&(la, _, fp, _)| fp == self.pc && la == a);
                    if int_loop {
                        // The start within 2^31 too (see `int_loops`).
                        let mut ok = self.int_loop_ok(i0, l0, s0, 2147483648.0);
                        if self.const_step(self.pc + 1, a).is_none() {
                            // A computed step: speculate it positive (`FORLOOP` then makes
                            // one comparison).
                            let pos = self.step_positive(s0);
                            ok = self.b.ins().band(ok, pos);
                        }
                        self.guard(ok, R_FORPREP);
                        let ii = self.b.ins().fcvt_to_sint(types::I64, i0);
                        let si = self.b.ins().fcvt_to_sint(types::I64, s0);
                        let i1i = self.b.ins().isub(ii, si);
                        self.b.def_var(self.vint[a as usize], i1i);
                        self.b.def_var(self.vint[a as usize + 2], si);
                    }
                    self.store_num(a, i1);
                    self.store_num(a + 1, l0);
                    self.store_num(a + 2, s0);
                    self.known.retain(|&i, _| i < t - 3);
                    let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                    self.jump_to(target);
                    return Ok(false);
                }
                let fast = self.b.create_block();
                let slow = self.b.create_block();
                self.b.set_cold_block(slow);
                let join = self.b.create_block();
                let params = [(); 3].map(|_| self.b.append_block_param(join, types::F64));
                self.b.ins().brif(all, fast, &[], slow, &[]);
                self.b.switch_to_block(fast);
                let [i0, l0, s0] = vals.map(|v| self.unbox(v));
                let i1 = self.b.ins().fsub(i0, s0);
                let bp = self.b.use_var(self.bp);
                for (k, f) in [i1, l0, s0].into_iter().enumerate() {
                    self.b.ins().store(mf(), f, bp, ((a + k as u32) * 8) as i32);
                }
                self.b.ins().jump(
                    join,
                    &[
                        BlockArg::Value(i1),
                        BlockArg::Value(l0),
                        BlockArg::Value(s0),
                    ],
                );
                self.b.switch_to_block(slow);
                let (pc, top) = self.pc_top();
                let av = self.iconst(a as u64);
                let s = self
                    .call("jit_forprep", &[self.ctx, pc, top, av])
                    .expect("status");
                self.check_status(s);
                self.reload_bp();
                let bp = self.b.use_var(self.bp);
                let fs = [0, 1, 2].map(|k| {
                    let w = self
                        .b
                        .ins()
                        .load(types::I64, mf(), bp, ((a + k) * 8) as i32);
                    self.unbox(w)
                });
                self.b.ins().jump(join, &fs.map(BlockArg::Value));
                self.b.switch_to_block(join);
                // The helper runs no Lua code: only the loop's slots changed.
                for (k, f) in params.into_iter().enumerate() {
                    let bits = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
                    self.known
                        .insert(a + k as u32, Known::new(bits, Some(f), false));
                }
                // The operands are popped.
                self.known.retain(|&i, _| i < t - 3);
                let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                self.jump_to(target);
                return Ok(false);
            }
            Op::ForLoop => {
                let a = ins.a8();
                let idx = self.raw_num(a);
                let limit = self.raw_num(a + 1);
                let step = self.raw_num(a + 2);
                let i = self.b.ins().fadd(idx, step);
                if self.int_loops.contains_key(&self.pc) {
                    let ji = self.b.use_var(self.vint[a as usize]);
                    let si = self.b.use_var(self.vint[a as usize + 2]);
                    let j1 = self.b.ins().iadd(ji, si);
                    self.b.def_var(self.vint[a as usize], j1);
                }
                let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                let body = self.b.create_block();
                self.drop_dead(&[next, target]);
                self.flush();
                let exit = self.edge(next);
                let step_sign = match self.const_step(target, a) {
                    Some(k) => Some(k),
                    // An integer loop's computed step was checked positive.
                    None if self.int_loops.contains_key(&self.pc) => Some(1.0),
                    None => None,
                };
                match step_sign {
                    // The usual `for i = a, b` or `for i = a, b, -1`: one comparison.
                    Some(k) => {
                        let c = if k > 0.0 {
                            self.b.ins().fcmp(FloatCC::LessThanOrEqual, i, limit)
                        } else {
                            self.b.ins().fcmp(FloatCC::LessThanOrEqual, limit, i)
                        };
                        self.b.ins().brif(c, body, &[], exit, &[]);
                    }
                    // A computed step: a branch on its sign (the same every iteration, so
                    // predicted), then one comparison; cheaper than both comparisons and a
                    // select (sieve's `for j = i * i, n, i`).
                    None => {
                        let zero = self.b.ins().f64const(0.0);
                        let pos = self.b.ins().fcmp(FloatCC::GreaterThan, step, zero);
                        let up = self.b.create_block();
                        let down = self.b.create_block();
                        self.b.ins().brif(pos, up, &[], down, &[]);
                        self.b.switch_to_block(up);
                        let c = self.b.ins().fcmp(FloatCC::LessThanOrEqual, i, limit);
                        self.b.ins().brif(c, body, &[], exit, &[]);
                        self.b.switch_to_block(down);
                        let c = self.b.ins().fcmp(FloatCC::LessThanOrEqual, limit, i);
                        self.b.ins().brif(c, body, &[], exit, &[]);
                    }
                }
                self.b.switch_to_block(body);
                self.store_num(a, i);
                self.store_num(a + 3, i);
                self.jump_to(target);
                return Ok(false);
            }
            Op::TForLoop => {
                let a = ins.a8();
                let v = self.load_slot(a + 3);
                let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, v, NIL_BITS as i64);
                let target = jump_target_in(&self.p.code, self.pc).expect("jump") as usize;
                let body = self.b.create_block();
                self.drop_dead(&[next, target]);
                self.flush();
                let exit = self.edge(next);
                self.b.ins().brif(is_nil, exit, &[], body, &[]);
                self.b.switch_to_block(body);
                self.store_slot(a + 2, v, None);
                self.jump_to(target);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A slot known to hold a number (for-loop control slots): no check.
    /// The step of the numeric `for` loop whose `FORLOOP A` jumps back to `body`, when it is a
    /// number constant: the `FORPREP A` just before the body is reached only from a `LOADK`
    /// of a number (it is no jump target), and nothing else writes the hidden step slot.
    fn const_step(&self, body: usize, a: u32) -> Option<f64> {
        let code = &self.p.code;
        let fp = body.checked_sub(1)?;
        let prep = Instr(*code.get(fp)?);
        if prep.op_byte() != Op::ForPrep as u8 || prep.a8() != a || self.blocks.contains_key(&fp) {
            return None;
        }
        let load = Instr(code[fp.checked_sub(1)?]);
        if load.op_byte() != Op::LoadK as u8 || self.states[fp - 1].is_none() {
            return None;
        }
        self.p.consts.get(load.a24() as usize)?.as_number()
    }

    fn raw_num(&mut self, i: u32) -> CV {
        self.slot_num(i, None)
    }

    fn put_result(&mut self, slot: u32, r: ArithResult) {
        match r {
            ArithResult::Num(f) => self.store_num(slot, f),
            ArithResult::Bits(b) => self.store_slot(slot, b, None),
        }
    }

    /// Whether slot `i` is false or nil, as an i8 (from the comparison that made it when
    /// known).
    fn falsy_slot(&mut self, i: u32) -> CV {
        if let Some(c) = self.known.get(&i).and_then(|k| k.truth) {
            return self.b.ins().bxor_imm_s(c, 1);
        }
        let v = self.load_slot(i);
        self.falsy(v)
    }

    /// `v` is nil or false. Rotating the tag into the low bits leaves the payload above it,
    /// so nil (payload 0) and false (payload 0) become the two small numbers `tag(nil)` and
    /// `tag(false)` (adjacent tags) and every other value something else: one unsigned
    /// compare, no 64-bit constants.
    fn falsy(&mut self, v: CV) -> CV {
        const _: () = assert!(FALSE_BITS >> TAG_SHIFT == (NIL_BITS >> TAG_SHIFT) + 1);
        const _: () = assert!(NIL_BITS & PAYLOAD_MASK == 0 && FALSE_BITS & PAYLOAD_MASK == 0);
        let r = self.b.ins().rotr_imm_s(v, TAG_SHIFT as i64);
        let d = self
            .b
            .ins()
            .iadd_imm_s(r, -((NIL_BITS >> TAG_SHIFT) as i64));
        self.b
            .ins()
            .icmp_imm_s(IntCC::UnsignedLessThanOrEqual, d, 1)
    }

    /// Jump to the data-word target when `c != when_false`, else fall to `next`.
    fn cond_jump(&mut self, c: CV, when_false: bool, next: usize) {
        let off = self.p.code[self.pc + 1] as i32;
        let target = (self.pc as i64 + 2 + off as i64) as usize;
        if when_false {
            self.branch(c, next, target);
        } else {
            self.branch(c, target, next);
        }
    }

    fn operand_num(&mut self, o: Operand, reason: u32) -> CV {
        match o {
            Operand::Slot(s) => self.num_slot(s, reason),
            Operand::Const(k) => {
                let x = self.p.consts[k].as_number().unwrap_or(f64::NAN);
                self.b.ins().f64const(x)
            }
        }
    }

    fn operand_bits(&mut self, o: Operand) -> CV {
        match o {
            Operand::Slot(s) => self.load_slot(s),
            Operand::Const(k) => self.iconst(self.const_bits(k)),
        }
    }

    fn operand_is_num_const(&self, o: Operand) -> bool {
        match o {
            Operand::Slot(_) => true,
            Operand::Const(k) => self.p.consts[k].is_number(),
        }
    }

    fn num_op(&mut self, kind: u32, x: CV, y: CV) -> CV {
        // `2.0 * x`: x86-64 folds a constant-pool load into the second operand only, so a
        // constant first operand of a commutative operation would be materialised in a
        // register (two instructions, in the loop). IEEE + and * are commutative, NaN
        // payloads included for our canonical NaNs.
        let (x, y) = if matches!(kind, 0 | 2) && self.is_fconst(x) && !self.is_fconst(y) {
            (y, x)
        } else {
            (x, y)
        };
        match kind {
            0 => self.b.ins().fadd(x, y),
            1 => self.b.ins().fsub(x, y),
            2 => self.b.ins().fmul(x, y),
            3 => self.b.ins().fdiv(x, y),
            4 => {
                // a - floor(a/b)*b, as the interpreter computes it.
                let q = self.b.ins().fdiv(x, y);
                let f = self.b.ins().floor(q);
                let m = self.b.ins().fmul(f, y);
                self.b.ins().fsub(x, m)
            }
            5 => self.call("jit_pow", &[x, y]).expect("value"),
            _ => self.b.ins().fneg(x),
        }
    }

    /// Whether `v` is an `f64const`.
    fn is_fconst(&self, v: CV) -> bool {
        let dfg = &self.b.func.dfg;
        dfg.value_def(v)
            .inst()
            .is_some_and(|i| dfg.insts[i].opcode() == Opcode::F64const)
    }

    /// `a op b` (`kind`: 0 add .. 5 pow, 6 unary minus of `a`).
    fn arith(&mut self, kind: u32, a: u32, b: Operand, t: u32) -> ArithResult {
        let generic = self.generic.contains(&self.pc) || !self.operand_is_num_const(b);
        let reason = if kind == 6 { R_UNM } else { R_ARITH };
        if !generic {
            let x = self.num_slot(a, reason);
            let y = if kind == 6 {
                x
            } else {
                self.operand_num(b, reason)
            };
            let r = self.num_op(kind, x, y);
            // An integer key plus or minus a small integer constant is one too (`v[j + 1]`):
            // below 2^53 both stay exact.
            if let (0 | 1, Operand::Const(k), Some(&ix)) = (kind, b, self.int_keys.get(&x)) {
                let c = self.p.consts[k].as_number().unwrap_or(f64::NAN);
                if c.fract() == 0.0 && c.abs() <= 2147483648.0 {
                    let d = if kind == 0 { c as i64 } else { -(c as i64) };
                    let rx = self.b.ins().iadd_imm_s(ix, d);
                    self.int_keys.insert(r, rx);
                }
            }
            return ArithResult::Num(r);
        }
        // Generic: numbers inline, anything else through the interpreter's slow path.
        let ab = self.load_slot(a);
        let bb = if kind == 6 { ab } else { self.operand_bits(b) };
        let na = self.is_num(ab);
        let nb = self.is_num(bb);
        let both = self.b.ins().band(na, nb);
        let fast = self.b.create_block();
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I64);
        self.b.ins().brif(both, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let x = self.unbox(ab);
        let y = self.unbox(bb);
        let f = self.num_op(kind, x, y);
        let fb = self.b.ins().bitcast(types::I64, MemFlagsData::new(), f);
        self.b.ins().jump(join, &[BlockArg::Value(fb)]);
        self.b.switch_to_block(slow);
        let (pc, top) = (self.iconst(self.pc as u64), self.iconst(t as u64));
        let kv = self.iconst(kind as u64);
        let v = self
            .call("jit_arith", &[self.ctx, pc, top, kv, ab, bb])
            .expect("value");
        self.check_bad(v);
        self.slow_join(join, v, &carry);
        ArithResult::Bits(r)
    }

    /// Ordered comparison `x < y` (or `<=`), as an i8 truth value.
    fn order(&mut self, le: bool, x: Operand, y: Operand, t: u32) -> CV {
        let cc = if le {
            FloatCC::LessThanOrEqual
        } else {
            FloatCC::LessThan
        };
        let generic = self.generic.contains(&self.pc)
            || !self.operand_is_num_const(x)
            || !self.operand_is_num_const(y);
        if !generic {
            let a = self.operand_num(x, R_COMPARE);
            let b = self.operand_num(y, R_COMPARE);
            return self.b.ins().fcmp(cc, a, b);
        }
        let ab = self.operand_bits(x);
        let bb = self.operand_bits(y);
        let na = self.is_num(ab);
        let nb = self.is_num(bb);
        let both = self.b.ins().band(na, nb);
        let fast = self.b.create_block();
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I8);
        self.b.ins().brif(both, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let a = self.unbox(ab);
        let b = self.unbox(bb);
        let c = self.b.ins().fcmp(cc, a, b);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        self.b.switch_to_block(slow);
        let (pc, top) = (self.iconst(self.pc as u64), self.iconst(t as u64));
        let kv = self.iconst(le as u64);
        let v = self
            .call("jit_compare", &[self.ctx, pc, top, kv, ab, bb])
            .expect("value");
        self.error_if(v, 2);
        let c = self.b.ins().ireduce(types::I8, v);
        self.slow_join(join, c, &carry);
        r
    }

    /// `x == y` for slots or constants, without `eq`'s general path where it cannot apply:
    /// when one side is known to be a number (every other value's word is a NaN as a double,
    /// so comparing the words as doubles is right for any other side) and when one side is a
    /// constant that is not a number (`__eq` needs two tables or two userdata; constants are
    /// interned, so equal means the same word).
    fn eq_slots(&mut self, x: Operand, y: Operand, t: u32) -> CV {
        let known_num = |s: &Self, o: Operand| match o {
            Operand::Slot(i) => s.known.get(&i).and_then(|k| k.num),
            Operand::Const(_) => None,
        };
        let a = self.operand_bits(x);
        let b = self.operand_bits(y);
        let (an, bn) = (known_num(self, x), known_num(self, y));
        let const_num = |s: &Self, o: Operand| match o {
            Operand::Const(k) => Some(s.p.consts[k].is_number()),
            Operand::Slot(_) => None,
        };
        let (kx, ky) = (const_num(self, x), const_num(self, y));
        if an.is_some() || bn.is_some() || kx == Some(true) || ky == Some(true) {
            let fa = match an {
                Some(f) => f,
                None => self.unbox(a),
            };
            let fb = match bn {
                Some(f) => f,
                None => self.unbox(b),
            };
            return self.b.ins().fcmp(FloatCC::Equal, fa, fb);
        }
        if kx == Some(false) || ky == Some(false) {
            return self.b.ins().icmp(IntCC::Equal, a, b);
        }
        self.eq(a, b, t)
    }

    /// `a == b` as an i8 truth value: numbers compare as doubles, equal words are equal (but
    /// NaN), tables and userdata of the same type go through `__eq`, everything else differs.
    fn eq(&mut self, a: CV, b: CV, t: u32) -> CV {
        let na = self.is_num(a);
        let nb = self.is_num(b);
        let both = self.b.ins().band(na, nb);
        let fast = self.b.create_block();
        let other = self.b.create_block();
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I8);
        self.b.ins().brif(both, fast, &[], other, &[]);
        self.b.switch_to_block(fast);
        let x = self.unbox(a);
        let y = self.unbox(b);
        let c = self.b.ins().fcmp(FloatCC::Equal, x, y);
        self.b.ins().jump(join, &[BlockArg::Value(c)]);
        // Not both numbers: identical words are equal; two tables (or two userdata) may have
        // `__eq`; anything else is different.
        self.b.switch_to_block(other);
        let same = self.b.ins().icmp(IntCC::Equal, a, b);
        let ta = self.b.ins().ushr_imm_s(a, TAG_SHIFT as i64);
        let tb = self.b.ins().ushr_imm_s(b, TAG_SHIFT as i64);
        let same_tag = self.b.ins().icmp(IntCC::Equal, ta, tb);
        let is_t = self.b.ins().icmp_imm_s(IntCC::Equal, ta, TAG_TABLE as i64);
        let is_u = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, ta, TAG_USERDATA as i64);
        let obj = self.b.ins().bor(is_t, is_u);
        let need = self.b.ins().band(same_tag, obj);
        let not_same = self.b.ins().bxor_imm_s(same, 1);
        let need = self.b.ins().band(need, not_same);
        let quick = self.b.create_block();
        self.b.ins().brif(need, slow, &[], quick, &[]);
        self.b.switch_to_block(quick);
        self.b.ins().jump(join, &[BlockArg::Value(same)]);
        self.b.switch_to_block(slow);
        let (pc, top) = (self.iconst(self.pc as u64), self.iconst(t as u64));
        let kv = self.iconst(2);
        let v = self
            .call("jit_compare", &[self.ctx, pc, top, kv, a, b])
            .expect("value");
        self.error_if(v, 2);
        let c = self.b.ins().ireduce(types::I8, v);
        self.slow_join(join, c, &carry);
        r
    }

    /// Before a field access by constant name (`b.x`, `b.x = v`): speculate that the value
    /// `t` (a slot's word) is a table, with a guard (deopt `R_TABLE`; generic after repeated
    /// failures), so every later access to it in the block skips the tag check and unboxing
    /// (nbody reads seven fields of each `b = bs[j]`). Non-tables with fields (strings,
    /// userdata) are indexed by methods (`SELF`), which keeps the non-speculating path.
    fn speculate_table(&mut self, t: CV) {
        if self.generic.contains(&self.pc) {
            return;
        }
        if self
            .known
            .values()
            .any(|k| k.bits == t && (k.tbl.is_some() || k.istab))
        {
            return;
        }
        let tag = self.b.ins().ushr_imm_s(t, TAG_SHIFT as i64);
        let is_t = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_TABLE as i64);
        self.guard(is_t, R_TABLE);
        for k in self.known.values_mut() {
            if k.bits == t {
                k.istab = true;
            }
        }
    }

    /// Branch to `slow` unless `t` is a table; returns the object address.
    fn table_or(&mut self, t: CV, slow: Block) -> CV {
        if let Some(p) = self
            .known
            .values()
            .find(|k| k.bits == t)
            .and_then(|k| k.tbl)
        {
            return p;
        }
        if self.known.values().any(|k| k.bits == t && k.istab) {
            return self.b.ins().band_imm_s(t, PAYLOAD_MASK as i64);
        }
        let tag = self.b.ins().ushr_imm_s(t, TAG_SHIFT as i64);
        let is_t = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_TABLE as i64);
        let ok = self.b.create_block();
        self.b.ins().brif(is_t, ok, &[], slow, &[]);
        self.b.switch_to_block(ok);
        self.b.ins().band_imm_s(t, PAYLOAD_MASK as i64)
    }

    /// A number key as `KeyInfo::Idx`, guarded to be an integer (deopt `R_KEY` otherwise;
    /// a generic instruction keeps the number and its slow path), once per block and value:
    /// `perm[lo], perm[hi] = perm[hi], perm[lo]` converts `lo` and `hi` once each. Emitted
    /// before the access branches, so that later accesses of the block can use it.
    fn checked_key(&mut self, k: KeyInfo) -> KeyInfo {
        let KeyInfo::Num(f) = k else {
            return k;
        };
        // (An integer already: also for a generic instruction.)
        if let Some(&ix) = self.int_keys.get(&f) {
            return KeyInfo::Idx(ix);
        }
        if self.generic.contains(&self.pc) {
            return k;
        }
        let (exact, ix) = self.array_offset(f);
        self.guard(exact, R_KEY);
        self.int_keys.insert(f, ix);
        KeyInfo::Idx(ix)
    }

    /// The address of `t`'s array slot for key `k` (a number), or a branch to `slow` when the
    /// key is not an integer inside the array part.
    fn array_slot_or(&mut self, p: CV, k: KeyInfo, slow: Block) -> CV {
        if let KeyInfo::Int(i) = k {
            // A positive integer constant: the index is known, only the bound is checked.
            let len = self
                .b
                .ins()
                .load(types::I64, mf(), p, self.layout.array_len);
            let inb = self
                .b
                .ins()
                .icmp_imm_s(IntCC::UnsignedGreaterThan, len, i - 1);
            self.continue_if(inb, slow);
            let arr = self
                .b
                .ins()
                .load(types::I64, mf(), p, self.layout.array_ptr);
            return self.b.ins().iadd_imm_s(arr, (i - 1) * 8);
        }
        if let KeyInfo::Idx(idx) = k {
            return self.array_slot_at(p, idx, slow);
        }
        let f = match k {
            KeyInfo::Num(f) => f,
            KeyInfo::Int(_) | KeyInfo::Idx(_) => unreachable!("handled above"),
            KeyInfo::Bits(bits) => {
                let isn = self.is_num(bits);
                let ok = self.b.create_block();
                self.b.ins().brif(isn, ok, &[], slow, &[]);
                self.b.switch_to_block(ok);
                self.unbox(bits)
            }
            KeyInfo::Str(..) => unreachable!("string key"),
        };
        // Two branches rather than one on the conjunction: a compare feeding a branch
        // directly needs no setcc/and/test (3 instructions fewer per access).
        let (exact, idx) = self.array_offset(f);
        self.continue_if(exact, slow);
        self.array_slot_at(p, idx, slow)
    }

    /// Integer conversion without Cranelift's saturating sequence: adding 2^52 puts the
    /// integer part of any `f` in [0, 2^52) in the low mantissa bits, and the sum minus 2^52
    /// equals `f` only for integers. Returns whether `f` passed that exactness test (an i8)
    /// and `f - 1` as an integer (valid when it did; negative, huge, infinite and NaN keys
    /// give an offset far past any array length or fail the test).
    fn array_offset(&mut self, f: CV) -> (CV, CV) {
        let magic = self.b.ins().f64const(4503599627370496.0);
        let t = self.b.ins().fadd(f, magic);
        let back = self.b.ins().fsub(t, magic);
        let exact = self.b.ins().fcmp(FloatCC::Equal, back, f);
        let tb = self.b.ins().bitcast(types::I64, MemFlagsData::new(), t);
        let idx = self
            .b
            .ins()
            .iadd_imm_s(tb, -(0x4330_0000_0000_0000_i64 + 1));
        (exact, idx)
    }

    /// The address of array slot `idx` (0-based) of table `p`, or a branch to `slow` past
    /// the array part (an unsigned compare: negative offsets are huge).
    fn array_slot_at(&mut self, p: CV, idx: CV, slow: Block) -> CV {
        let len = self
            .b
            .ins()
            .load(types::I64, mf(), p, self.layout.array_len);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, idx, len);
        self.continue_if(inb, slow);
        let arr = self
            .b
            .ins()
            .load(types::I64, mf(), p, self.layout.array_ptr);
        let off = self.b.ins().ishl_imm_s(idx, 3);
        self.b.ins().iadd(arr, off)
    }

    /// The array part's length and base address of table `p` (the object address of the
    /// word `tb`): from `arr_cache`, else loaded and cached (only a speculating access, whose
    /// failures all leave, calls this: the loads dominate the rest of the block).
    fn array_part(&mut self, p: CV, tb: CV) -> (CV, CV) {
        if let Some(&(_, len, arr)) = self.arr_cache.iter().find(|e| e.0 == tb) {
            return (len, arr);
        }
        let len = self
            .b
            .ins()
            .load(types::I64, mf(), p, self.layout.array_len);
        let arr = self
            .b
            .ins()
            .load(types::I64, mf(), p, self.layout.array_ptr);
        self.arr_cache.push((tb, len, arr));
        (len, arr)
    }

    /// The address of `t`'s array slot for key `k` on the speculating path: `exit` unless `k`
    /// is an integer inside the array part. `tb` is the table's word (the cache key).
    /// `oob` is where an integer key past the array part goes.
    fn array_slot_spec(&mut self, tb: CV, p: CV, k: KeyInfo, exit: Block, oob: Block) -> CV {
        let idx = match k {
            KeyInfo::Int(i) => self.iconst((i - 1) as u64),
            KeyInfo::Idx(idx) => idx,
            KeyInfo::Num(f) => {
                let (exact, idx) = self.array_offset(f);
                self.continue_if(exact, exit);
                idx
            }
            KeyInfo::Bits(bits) => {
                let isn = self.is_num(bits);
                self.continue_if(isn, exit);
                let f = self.unbox(bits);
                let (exact, idx) = self.array_offset(f);
                self.continue_if(exact, exit);
                idx
            }
            KeyInfo::Str(..) => unreachable!("string key"),
        };
        let (len, arr) = self.array_part(p, tb);
        if !self.in_bounds.contains(&(tb, idx)) {
            let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, idx, len);
            self.continue_if(inb, oob);
            self.in_bounds.push((tb, idx));
        }
        match k {
            KeyInfo::Int(i) => self.b.ins().iadd_imm_s(arr, (i - 1) * 8),
            _ => {
                let off = self.b.ins().ishl_imm_s(idx, 3);
                self.b.ins().iadd(arr, off)
            }
        }
    }

    /// `str_node_or` for a speculating access (`exit` when absent): from `node_cache`, else
    /// looked up and cached (the lookup's blocks dominate the rest of the block).
    fn str_node_spec(&mut self, tb: CV, p: CV, bits: u64, hash: u32, exit: Block) -> CV {
        if let Some(&(_, _, addr)) = self.node_cache.iter().find(|e| e.0 == tb && e.1 == bits) {
            return addr;
        }
        let addr = self.str_node_or(p, bits, hash, exit);
        self.node_cache.push((tb, bits, addr));
        addr
    }

    /// The address of the value of the string constant key `bits` (with `hash`) in table
    /// `p`'s hash part, walking the collision chain from its main node; a branch to `miss`
    /// when the key is absent.
    fn str_node_or(&mut self, p: CV, bits: u64, hash: u32, miss: Block) -> CV {
        let l = self.layout;
        let len = self.ld(p, l.nodes_len);
        // An empty node vector has length 0 (the mask would be all ones): check first.
        let nonempty = self.b.ins().icmp_imm_s(IntCC::NotEqual, len, 0);
        self.continue_if(nonempty, miss);
        let mask = self.b.ins().iadd_imm_s(len, -1);
        let h = self.iconst(hash as u64);
        let mp = self.b.ins().band(h, mask);
        let sz = self.b.ins().imul_imm_s(mp, l.node_size as i64);
        let nodes = self.ld(p, l.nodes_ptr);
        let first = self.b.ins().iadd(nodes, sz);
        let head = self.b.create_block();
        let node = self.b.append_block_param(head, types::I64);
        let next = self.b.create_block();
        let found = self.b.create_block();
        self.b.ins().jump(head, &[BlockArg::Value(first)]);
        self.b.switch_to_block(head);
        let key = self.ld(node, l.node_key);
        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, key, bits as i64);
        self.b.ins().brif(hit, found, &[], next, &[]);
        self.b.switch_to_block(next);
        let nx = self.b.ins().sload32(mf(), node, l.node_next);
        let end = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, nx, 0);
        let step = self.b.create_block();
        self.b.ins().brif(end, miss, &[], step, &[]);
        self.b.switch_to_block(step);
        let off = self.b.ins().imul_imm_s(nx, l.node_size as i64);
        let n2 = self.b.ins().iadd(nodes, off);
        self.b.ins().jump(head, &[BlockArg::Value(n2)]);
        self.b.switch_to_block(found);
        self.b.ins().iadd_imm_s(node, l.node_val as i64)
    }

    /// `p[key]` for a string constant key with `__index` tables followed inline (up to
    /// `INDEX_LEVELS` tables in all: an object, its class, the class's parent...): continues
    /// with the value, or branches to `slow` when a metamethod function, a deeper chain or a
    /// non-table `__index` is involved. Nil when a table in the chain has the key absent and
    /// no metatable.
    fn str_get_or(&mut self, p: CV, bits: u64, hash: u32, slow: Block) -> CV {
        const INDEX_LEVELS: i64 = 4;
        let l = self.layout;
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I64);
        let nil = self.iconst(NIL_BITS);
        let head = self.b.create_block();
        let cur = self.b.append_block_param(head, types::I64);
        let left = self.b.append_block_param(head, types::I64);
        let levels = self.iconst(INDEX_LEVELS as u64 - 1);
        self.b
            .ins()
            .jump(head, &[BlockArg::Value(p), BlockArg::Value(levels)]);
        self.b.switch_to_block(head);
        // The key in the current table.
        let miss = self.b.create_block();
        let addr = self.str_node_or(cur, bits, hash, miss);
        let v = self.ld(addr, 0);
        let not_nil = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, NIL_BITS as i64);
        let absent = self.b.create_block();
        self.b
            .ins()
            .brif(not_nil, join, &[BlockArg::Value(v)], absent, &[]);
        self.b.switch_to_block(miss);
        self.b.ins().jump(absent, &[]);
        // Absent: nil without a metatable, else on to an `__index` table.
        self.b.switch_to_block(absent);
        let meta = self.ld(cur, l.meta);
        let has_meta = self.b.ins().icmp_imm_s(IntCC::NotEqual, meta, 0);
        let via_meta = self.b.create_block();
        self.b
            .ins()
            .brif(has_meta, via_meta, &[], join, &[BlockArg::Value(nil)]);
        self.b.switch_to_block(via_meta);
        let more = self.b.ins().icmp_imm_s(IntCC::NotEqual, left, 0);
        self.continue_if(more, slow);
        let (ib, ih) = self.index_key;
        let idx_addr = self.str_node_or(meta, ib, ih, slow);
        let idx = self.ld(idx_addr, 0);
        let tag = self.b.ins().ushr_imm_s(idx, TAG_SHIFT as i64);
        let is_t = self.b.ins().icmp_imm_s(IntCC::Equal, tag, TAG_TABLE as i64);
        self.continue_if(is_t, slow);
        let q = self.b.ins().band_imm_s(idx, PAYLOAD_MASK as i64);
        let left2 = self.b.ins().iadd_imm_s(left, -1);
        self.b
            .ins()
            .jump(head, &[BlockArg::Value(q), BlockArg::Value(left2)]);
        self.b.switch_to_block(join);
        r
    }

    /// What is known about a table key.
    fn key_info(&mut self, slot: Option<u32>, bits: CV, konst: Option<usize>) -> KeyInfo {
        if let Some(k) = konst {
            let v = self.p.consts[k];
            if let Some(s) = v.as_string() {
                return KeyInfo::Str(v.to_bits(), s.hash());
            }
            if let Some(x) = v.as_number() {
                if let Some(i) = array_index(x) {
                    return KeyInfo::Int(i);
                }
                // (Not an integer: never in an array part, and `checked_key` would deopt.)
                if x.fract() != 0.0 || !x.is_finite() {
                    return KeyInfo::Bits(bits);
                }
                return KeyInfo::Num(self.b.ins().f64const(x));
            }
        }
        if let Some(s) = slot {
            if let Some(Known { kint: Some(i), .. }) = self.known.get(&s) {
                return KeyInfo::Int(*i);
            }
            if let Some(Known { num: Some(f), .. }) = self.known.get(&s) {
                return KeyInfo::Num(*f);
            }
        }
        KeyInfo::Bits(bits)
    }

    /// `t[k]`: inline for array parts (of tables without, or not needing, a metatable) and
    /// string constants (hash chain, one level of `__index` table); else the interpreter's
    /// full path.
    fn get(&mut self, tb: CV, k: CV, key: KeyInfo, t: u32) -> CV {
        self.get_with(tb, k, key, t, None)
    }

    /// `get`, with the slow path of SELF (method `K[m]`) when `method` is given.
    fn get_with(&mut self, tb: CV, k: CV, key: KeyInfo, t: u32, method: Option<u32>) -> CV {
        let key = self.checked_key(key);
        if self.speculates_index(key) {
            return self.get_spec(tb, key, method.is_none());
        }
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I64);
        let p = self.table_or(tb, slow);
        if let KeyInfo::Str(bits, hash) = key {
            let v = self.str_get_or(p, bits, hash, slow);
            self.b.ins().jump(join, &[BlockArg::Value(v)]);
        } else {
            let addr = self.array_slot_or(p, key, slow);
            self.array_value_to(p, addr, join, true, slow);
        }
        self.b.switch_to_block(slow);
        let (pc, top) = (self.iconst(self.pc as u64), self.iconst(t as u64));
        let v = match method {
            Some(m) => {
                let mk = self.iconst(m as u64);
                self.call("jit_self", &[self.ctx, pc, top, tb, mk])
            }
            None => self.call("jit_gettable", &[self.ctx, pc, top, tb, k]),
        }
        .expect("value");
        self.check_bad(v);
        self.slow_join(join, v, &carry);
        r
    }

    /// Whether a table access speculates (`get_spec`, `set_spec`): not at a generic pc, not
    /// where the interpreter saw it leave the inline paths (`JitSlot::offpath`: inserts,
    /// metamethods, non-tables), and only for keys known to be numbers or string constants.
    /// A key of unknown type (a string variable: `t[name]`) takes the helper path, as it
    /// always did.
    fn speculates_index(&self, key: KeyInfo) -> bool {
        !self.generic.contains(&self.pc)
            && !self.p.jit.offpath(self.pc)
            && !matches!(key, KeyInfo::Bits(_))
    }

    /// `get_with` speculating that the access stays on the inline path: every other case
    /// leaves for the interpreter (`R_INDEX`), which runs the instruction in full; after
    /// `DEOPT_LIMIT` failures the pc is recompiled generic (helper slow path). With no slow
    /// path joining the fast one, nothing lives across a helper call (no spills around it,
    /// no knowledge to carry) and the array part's length and address stay valid for the
    /// rest of the block (`arr_cache`): fannkuch's swap indexes `perm` four times.
    ///
    /// A field read (`own`: not a method lookup) speculates that the table has the field
    /// itself: the interpreter records the pcs where it read nil (absent fields, which may
    /// go through `__index`), and those keep the helper path.
    fn get_spec(&mut self, tb: CV, key: KeyInfo, own: bool) -> CV {
        let exit = self.exit_block(R_INDEX);
        let p = self.table_or(tb, exit);
        if let KeyInfo::Str(bits, hash) = key {
            if !own {
                return self.str_get_or(p, bits, hash, exit);
            }
            let addr = self.str_node_spec(tb, p, bits, hash, exit);
            let v = self.ld(addr, 0);
            let not_nil = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, NIL_BITS as i64);
            self.continue_if(not_nil, exit);
            return v;
        }
        if !matches!(key, KeyInfo::Int(_)) {
            let addr = self.array_slot_spec(tb, p, key, exit, exit);
            let join = self.b.create_block();
            let v = self.array_value_to(p, addr, join, false, exit);
            self.b.switch_to_block(join);
            return v;
        }
        // A constant index past the array part of a table with an empty hash part and no
        // metatable (probing `t[1]` of an empty table: binarytrees' leaves) reads nil. (Only
        // for constants: the join's parameter costs fannkuch's variable keys 2 %.)
        let oob = self.b.create_block();
        let nil = self.iconst(NIL_BITS);
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, types::I64);
        let addr = self.array_slot_spec(tb, p, key, exit, oob);
        self.array_value_to(p, addr, join, true, exit);
        self.b.switch_to_block(oob);
        let nodes = self.ld(p, self.layout.nodes_len);
        let meta = self.b.ins().load(types::I64, mf(), p, self.layout.meta);
        let plain = self.b.ins().bor(nodes, meta);
        let empty = self.b.ins().icmp_imm_s(IntCC::Equal, plain, 0);
        self.b
            .ins()
            .brif(empty, join, &[BlockArg::Value(nil)], exit, &[]);
        self.b.switch_to_block(join);
        r
    }

    /// Load the array slot at `addr` of table `p` and branch to `join` (with the value as its
    /// argument when `arg`), unless the value is nil and `p` has a metatable (`__index` may
    /// apply; tested only for nil): then to `other`. Returns the value.
    fn array_value_to(&mut self, p: CV, addr: CV, join: Block, arg: bool, other: Block) -> CV {
        let v = self.b.ins().load(types::I64, mf(), addr, 0);
        let args = if arg {
            vec![BlockArg::Value(v)]
        } else {
            Vec::new()
        };
        let not_nil = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, NIL_BITS as i64);
        let is_nil = self.b.create_block();
        self.b.ins().brif(not_nil, join, &args, is_nil, &[]);
        self.b.switch_to_block(is_nil);
        let meta = self.b.ins().load(types::I64, mf(), p, self.layout.meta);
        let no_meta = self.b.ins().icmp_imm_s(IntCC::Equal, meta, 0);
        self.b.ins().brif(no_meta, join, &args, other, &[]);
        v
    }

    /// `set` speculating as `get_spec` does.
    fn set_spec(&mut self, tb: CV, key: KeyInfo, v: CV) {
        let exit = self.exit_block(R_INDEX);
        let p = self.table_or(tb, exit);
        let addr = match key {
            KeyInfo::Str(bits, hash) => self.str_node_spec(tb, p, bits, hash, exit),
            _ => self.array_slot_spec(tb, p, key, exit, exit),
        };
        self.store_unless_newindex(p, addr, key, v, exit);
    }

    /// Store `v` at `addr` (the slot of `key` in table `p`) when that is all `t[k] = v` does,
    /// else branch to `other`. A string key's value going from nil to non-nil may add a
    /// metamethod to a table used as a metatable (whose absence `Table::flags` caches): the
    /// full path does it. An array slot holding nil is stored inline when no `__newindex` can
    /// apply (no metatable; tested only for nil).
    fn store_unless_newindex(&mut self, p: CV, addr: CV, key: KeyInfo, v: CV, other: Block) {
        let old = self.b.ins().load(types::I64, mf(), addr, 0);
        let not_nil = self
            .b
            .ins()
            .icmp_imm_s(IntCC::NotEqual, old, NIL_BITS as i64);
        let store = self.b.create_block();
        if matches!(key, KeyInfo::Str(..)) {
            self.b.ins().brif(not_nil, store, &[], other, &[]);
        } else {
            let is_nil = self.b.create_block();
            self.b.ins().brif(not_nil, store, &[], is_nil, &[]);
            self.b.switch_to_block(is_nil);
            let meta = self.b.ins().load(types::I64, mf(), p, self.layout.meta);
            let no_meta = self.b.ins().icmp_imm_s(IntCC::Equal, meta, 0);
            self.b.ins().brif(no_meta, store, &[], other, &[]);
        }
        self.b.switch_to_block(store);
        self.b.ins().store(mf(), v, addr, 0);
    }

    /// `t[k] = v`: inline when the slot exists in the array part (or a string constant's main
    /// node) and no `__newindex` can apply, else the full path.
    fn set(&mut self, tb: CV, k: CV, key: KeyInfo, v: CV, t: u32, named: bool) {
        let key = self.checked_key(key);
        // (Table constructors' stores, `named` false, insert keys: never inline.)
        if named && self.speculates_index(key) {
            self.set_spec(tb, key, v);
            return;
        }
        let carry = self.carry_begin();
        let slow = self.b.create_block();
        self.b.set_cold_block(slow);
        let join = self.b.create_block();
        let p = self.table_or(tb, slow);
        let addr = match key {
            KeyInfo::Str(bits, hash) => self.str_node_or(p, bits, hash, slow),
            _ => self.array_slot_or(p, key, slow),
        };
        self.store_unless_newindex(p, addr, key, v, slow);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(slow);
        let (pc, top) = self.pc_top();
        let _ = t;
        let nm = self.iconst(named as u64);
        let s = self
            .call("jit_settable", &[self.ctx, pc, top, tb, k, v, nm])
            .expect("status");
        self.check_status(s);
        self.reload_bp();
        self.carry_reload(&carry);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        self.forget_locals();
        self.carry_land(&carry);
    }
}

/// `x` as an array index known at compile time: a positive integer up to 2^28.
fn array_index(x: f64) -> Option<i64> {
    (x >= 1.0 && x <= (1u32 << 28) as f64 && x.fract() == 0.0).then_some(x as i64)
}

/// What a failed check does: branch to a block, or deopt for a reason.
#[derive(Clone, Copy)]
enum OnFail {
    Branch(Block),
    Deopt(u32),
}

/// What the translator knows about a table key.
#[derive(Clone, Copy)]
enum KeyInfo {
    /// A number, unboxed.
    Num(CV),
    /// A number checked to be an integer: its value minus one (an array offset when
    /// below the array length, as an unsigned comparison).
    Idx(CV),
    /// A positive integer constant (at most 2^28: an array index).
    Int(i64),
    /// A string constant: its bits and hash.
    Str(u64, u32),
    /// Anything.
    Bits(CV),
}

#[derive(Clone, Copy)]
enum Operand {
    Slot(u32),
    Const(usize),
}

enum ArithResult {
    Num(CV),
    Bits(CV),
}

pub(crate) fn op_kind(op: Op) -> u32 {
    use Op::*;
    match op {
        Add | AddLL | AddLK | SAddLL | SAddLK | AddTL | AddTK => 0,
        Sub | SubLL | SubLK | SSubLL | SSubLK | SubTL | SubTK => 1,
        Mul | MulLL | MulLK | SMulLL | SMulLK | MulTL | MulTK => 2,
        Div | DivLL | DivLK | SDivLL | SDivLK | DivTL | DivTK => 3,
        Mod | ModLL | ModLK | SModLL | SModLK | ModTL | ModTK => 4,
        _ => 5,
    }
}
