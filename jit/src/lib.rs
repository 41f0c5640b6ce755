//! The Cranelift tier: compiles hot Lua functions (and the loops of running ones, by on-stack
//! replacement) to native code for the host, with type speculation and deoptimization.
//!
//! The interpreter owns the truth (`interp::tier` has the contract); this crate implements
//! [`interp::tier::Tier`]. `install` plugs it into a state. Design notes: docs/jit.md.

mod codegen;
mod infer;
mod inline;

use cranelift_codegen::ir::{types, FuncRef, InstBuilder, UserFuncName};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};
use interp::tier::{self, Tier};
use runtime::bytecode::verify;
use runtime::object::Proto;
use runtime::{Gc, State};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

/// How the tier behaves.
#[derive(Clone, Debug)]
pub struct Options {
    /// Calls plus loop back-edges before a function compiles (0: at its first call).
    pub threshold: u32,
    /// Print statistics at exit (`--jit-stats`).
    pub stats: bool,
    /// Print each compiled function's bytecode, IR and machine code (`--jit-dump`).
    pub dump: bool,
}

/// Default hotness threshold (calls plus back-edges).
pub const DEFAULT_THRESHOLD: u32 = 200;

/// The table accesses that speculate (`codegen::Translator::get_spec`).
const INDEX_OPS: [runtime::bytecode::op::Op; 10] = {
    use runtime::bytecode::op::Op;
    [
        Op::GetTable,
        Op::GetField,
        Op::GetFieldL,
        Op::GetTableLL,
        Op::SetTable,
        Op::SetField,
        Op::SetFieldL,
        Op::SetTableLL,
        Op::SetIndex,
        Op::SelfOp,
    ]
};

/// Failures at one guard before the function is recompiled without that speculation.
pub const DEOPT_LIMIT: u32 = 8;

/// Machine code the tier will generate over the life of a state. Cranelift's JIT module cannot
/// free single functions, so code of dead prototypes is not reclaimed; this cap bounds that
/// leak (past it, functions stay interpreted). See docs/jit.md.
pub const CODE_LIMIT: usize = 64 << 20;

/// The tier's data on one prototype (kept in `Proto::jit.data`, so it dies with it).
#[derive(Default)]
struct ProtoData {
    /// pcs compiled without speculation (their guards failed too often).
    generic: HashSet<usize>,
    /// Guard failures since the last compile, by pc.
    recent: HashMap<usize, u32>,
    /// Index into `Jit::funcs`.
    stats: Option<usize>,
}

/// Statistics of one compiled prototype (kept for the report even after the prototype dies).
struct FuncStats {
    name: String,
    compiles: u32,
    code_bytes: usize,
    compile_time: Duration,
    /// Deopts by (pc, reason).
    deopts: BTreeMap<(usize, u32), u64>,
    failed: Option<String>,
}

pub struct Jit {
    module: JITModule,
    helper_ids: Vec<(&'static str, FuncId)>,
    fctx: FunctionBuilderContext,
    opts: Options,
    funcs: Vec<FuncStats>,
    native_ns: u64,
    started: Instant,
    /// Bytes of machine code generated so far (never freed; see `CODE_LIMIT`).
    code_total: usize,
    /// Runtime object layout for inline frame, upvalue and global access.
    rt: tier::Layout,
    /// A profiling file (`VM_JIT_PERFMAP`, `VM_JIT_CODE_DIR`) could not be written (said once).
    profile_warned: bool,
    /// The SysV-to-tail-convention entry (`tier::Trampoline`).
    trampoline: usize,
    /// The interned `"__index"` (bits, hash), for inline method lookup.
    index_key: (u64, u32),
}

/// The calling convention of compiled functions: `tail`, so that a Lua tail call between
/// compiled functions is a native tail call (`return_call_indirect`) and uses no stack.
const ENTRY_CC: CallConv = CallConv::Tail;

fn entry_sig() -> cranelift_codegen::ir::Signature {
    codegen::make_sig(ENTRY_CC, &[types::I64; 4], Some(types::I64))
}

/// Rust cannot call the `tail` convention: a small SysV function
/// `(code, ctx, entry pc, aux) -> status` calls compiled code for it.
fn build_trampoline(
    module: &mut JITModule,
    fctx: &mut FunctionBuilderContext,
) -> Result<usize, String> {
    let fe = module.target_config();
    let sig = codegen::make_sig(fe.default_call_conv, &[types::I64; 4], Some(types::I64));
    let id = module
        .declare_function("jit_trampoline", Linkage::Local, &sig)
        .map_err(|e| e.to_string())?;
    let mut ctx = module.make_context();
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(0, id.as_u32());
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
        let blk = b.create_block();
        b.append_block_params_for_function_params(blk);
        b.switch_to_block(blk);
        let ps = b.block_params(blk).to_vec();
        let esig = b.import_signature(entry_sig());
        // The fourth argument (the caller's resume pc) is only read at DIRECT.
        let zero = b.ins().iconst(types::I64, 0);
        let call = b
            .ins()
            .call_indirect(esig, ps[0], &[ps[1], ps[2], ps[3], zero]);
        let r = b.inst_results(call)[0];
        b.ins().return_(&[r]);
        b.seal_all_blocks();
        b.finalize(fe);
    }
    module
        .define_function(id, &mut ctx)
        .map_err(|e| format!("{e:?}"))?;
    module.clear_context(&mut ctx);
    module.finalize_definitions().map_err(|e| e.to_string())?;
    Ok(module.get_finalized_function(id) as usize)
}

fn isa() -> Result<std::sync::Arc<dyn cranelift_codegen::isa::TargetIsa>, String> {
    let mut fb = settings::builder();
    let set = |fb: &mut settings::Builder, k: &str, v: &str| {
        fb.set(k, v)
            .map_err(|e| format!("cranelift setting {k}: {e}"))
    };
    set(&mut fb, "opt_level", "speed")?;
    set(&mut fb, "is_pic", "false")?;
    set(&mut fb, "preserve_frame_pointers", "true")?;
    set(
        &mut fb,
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    let flags = settings::Flags::new(fb);
    let builder = cranelift_native::builder().map_err(|e| format!("host ISA: {e}"))?;
    builder.finish(flags).map_err(|e| format!("host ISA: {e}"))
}

impl Jit {
    pub fn new(opts: Options) -> Result<Jit, String> {
        let isa = isa()?;
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        for (name, ptr) in tier::helpers() {
            jb.symbol(name, ptr);
        }
        // Rust no longer links libm's floor for us (Cranelift needs it without SSE4.1).
        jb.symbol("floor", tier::jit_floor as *const u8);
        jb.symbol("ceil", tier::jit_ceil as *const u8);
        let mut module = JITModule::new(jb);
        let cc = module.target_config().default_call_conv;
        let mut helper_ids = Vec::new();
        for (name, params, ret) in codegen::helper_sigs() {
            let sig = codegen::make_sig(cc, &params, ret);
            let id = module
                .declare_function(name, Linkage::Import, &sig)
                .map_err(|e| format!("declare {name}: {e}"))?;
            helper_ids.push((name, id));
        }
        let mut fctx = FunctionBuilderContext::new();
        let trampoline = build_trampoline(&mut module, &mut fctx)?;
        Ok(Jit {
            module,
            helper_ids,
            trampoline,
            index_key: (0, 0),
            fctx,
            opts,
            funcs: Vec::new(),
            native_ns: 0,
            started: Instant::now(),
            code_total: 0,
            rt: tier::Layout::get(),
            profile_warned: false,
        })
    }

    fn compile_proto(
        &mut self,
        st: &State,
        pg: Gc<Proto>,
        generic: &HashSet<usize>,
    ) -> Result<(usize, usize, String), String> {
        let p: &Proto = &pg;
        let states = verify::stack_states(p).map_err(|e| e.to_string())?;
        let inline::CallHints {
            inline: mut hints,
            recursive,
        } = inline::call_hints(st, &pg, &states);
        hints.retain(|pc, _| !generic.contains(pc));
        let inline: HashMap<usize, (usize, Vec<inline::Step>)> = hints
            .iter()
            .map(|(&pc, (q, steps))| (pc, (q.header() as usize, steps.clone())))
            .collect();
        let sig = entry_sig();
        let id = self
            .module
            .declare_anonymous_function(&sig)
            .map_err(|e| e.to_string())?;
        let mut ctx: Context = self.module.make_context();
        ctx.func.signature = sig.clone();
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        if self.opts.dump {
            ctx.set_disasm(true);
        }
        let mut refs: HashMap<&'static str, FuncRef> = HashMap::new();
        for &(name, hid) in &self.helper_ids {
            refs.insert(name, self.module.declare_func_in_func(hid, &mut ctx.func));
        }
        let self_ref = self.module.declare_func_in_func(id, &mut ctx.func);
        {
            let b = FunctionBuilder::new(&mut ctx.func, &mut self.fctx);
            let fe = self.module.target_config();
            let target = codegen::Target {
                frontend: fe,
                rt: self.rt,
                entry_sig: sig.clone(),
                index_key: self.index_key,
                inline,
                recursive,
                self_ref,
                self_proto: pg.header() as usize,
            };
            let t = codegen::Translator::new(b, p, states, &refs, generic, target);
            t.translate().map_err(|e| e.0)?;
        }
        let ir = if self.opts.dump {
            ctx.func.display().to_string()
        } else {
            String::new()
        };
        self.module
            .define_function(id, &mut ctx)
            .map_err(|e| format!("{e:?}"))?;
        let size = ctx
            .compiled_code()
            .map(|c| c.code_info().total_size as usize)
            .unwrap_or(0);
        let dump = if self.opts.dump {
            let asm = ctx
                .compiled_code()
                .and_then(|c| c.vcode.clone())
                .unwrap_or_default();
            format!("{ir}\n-- machine code --\n{asm}")
        } else {
            String::new()
        };
        self.module.clear_context(&mut ctx);
        self.module
            .finalize_definitions()
            .map_err(|e| e.to_string())?;
        let ptr = self.module.get_finalized_function(id) as usize;
        self.profile_map(ptr, size, p);
        // The code compares callee prototype addresses: keep those prototypes alive.
        p.jit
            .keep
            .borrow_mut()
            .extend(hints.values().map(|(q, _)| *q));
        Ok((ptr, size, dump))
    }

    /// For profilers (docs/jit.md, "Profiling compiled code"): with `VM_JIT_PERFMAP` set,
    /// append `START SIZE name` to `/tmp/perf-PID.map` (the format `perf report` reads); with
    /// `VM_JIT_CODE_DIR=dir`, also write the machine code to `dir/ADDR.bin` (hex address) for
    /// `objdump -D -b binary -mi386:x86-64 --adjust-vma=0xADDR`, to read next to callgrind's
    /// per-address counts (`--dump-instr=yes`). A failure to write is reported once on stderr
    /// and the program runs on (profiling output is a side channel).
    fn profile_map(&mut self, ptr: usize, size: usize, p: &Proto) {
        use std::io::Write;
        if std::env::var_os("VM_JIT_PERFMAP").is_some() {
            let path = format!("/tmp/perf-{}.map", std::process::id());
            let r = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| writeln!(f, "{ptr:x} {size:x} lua:{}", label(p)));
            if let Err(e) = r {
                self.profile_warn("VM_JIT_PERFMAP", &path, &e);
            }
        }
        if let Some(dir) = std::env::var_os("VM_JIT_CODE_DIR") {
            // SAFETY: `ptr` is the start of a finalized function of `size` bytes in the
            // module's code memory, which is never freed or remapped while the tier lives.
            let code = unsafe { std::slice::from_raw_parts(ptr as *const u8, size) };
            let path = std::path::Path::new(&dir).join(format!("{ptr:x}.bin"));
            if let Err(e) = std::fs::write(&path, code) {
                self.profile_warn("VM_JIT_CODE_DIR", &path.display().to_string(), &e);
            }
        }
    }

    fn profile_warn(&mut self, var: &str, path: &str, e: &std::io::Error) {
        if !self.profile_warned {
            self.profile_warned = true;
            eprintln!("vm: {var}: cannot write {path}: {e} (further failures not reported)");
        }
    }

    /// The statistics report (`--jit-stats`).
    pub fn report(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let total = self.started.elapsed();
        let compiled: Vec<&FuncStats> = self.funcs.iter().filter(|f| f.failed.is_none()).collect();
        let ctime: Duration = self.funcs.iter().map(|f| f.compile_time).sum();
        let bytes: usize = compiled.iter().map(|f| f.code_bytes).sum();
        let compiles: u32 = compiled.iter().map(|f| f.compiles).sum();
        let deopts: u64 = self.funcs.iter().flat_map(|f| f.deopts.values()).sum();
        let native = Duration::from_nanos(self.native_ns);
        let _ = writeln!(s, "-- jit stats --");
        let _ = writeln!(
            s,
            "functions compiled: {} ({} compilations, {} recompiled), failed: {}",
            compiled.len(),
            compiles,
            compiled.iter().filter(|f| f.compiles > 1).count(),
            self.funcs.len() - compiled.len()
        );
        let _ = writeln!(
            s,
            "compile time: {:.3} ms total, code size: {} bytes",
            ctime.as_secs_f64() * 1e3,
            bytes
        );
        let interp = total.saturating_sub(native).saturating_sub(ctime);
        let _ = writeln!(
            s,
            "time: {:.3} ms total, {:.3} ms in compiled code (entered from the interpreter), {:.3} ms compiling, {:.3} ms interpreter and runtime",
            total.as_secs_f64() * 1e3,
            native.as_secs_f64() * 1e3,
            ctime.as_secs_f64() * 1e3,
            interp.as_secs_f64() * 1e3
        );
        let _ = writeln!(s, "deopts: {deopts}");
        for f in &self.funcs {
            if let Some(why) = &f.failed {
                let _ = writeln!(s, "  not compiled: {}: {}", f.name, why);
                continue;
            }
            let _ = writeln!(
                s,
                "  {}: {} compile(s), {} bytes, {:.3} ms",
                f.name,
                f.compiles,
                f.code_bytes,
                f.compile_time.as_secs_f64() * 1e3
            );
            for (&(pc, reason), &n) in &f.deopts {
                let _ = writeln!(
                    s,
                    "    deopt at pc {} ({}): {} time(s)",
                    pc + 1,
                    codegen::reason_name(reason),
                    n
                );
            }
        }
        s
    }
}

fn label(p: &Proto) -> String {
    verify::function_label(p)
}

fn with_data<R>(p: &Proto, f: impl FnOnce(&mut ProtoData) -> R) -> R {
    let mut slot = p.jit.data.borrow_mut();
    if slot.as_ref().map(|b| b.is::<ProtoData>()) != Some(true) {
        *slot = Some(Box::new(ProtoData::default()));
    }
    f(slot
        .as_mut()
        .and_then(|b| b.downcast_mut::<ProtoData>())
        .expect("ProtoData"))
}

impl Tier for Jit {
    fn compile(&mut self, st: &mut State, p: Gc<Proto>) {
        if p.jit.entry.get() != 0 || p.jit.failed.get() {
            return;
        }
        // The metamethod name strings live as long as the state (it roots them).
        let ix = st.tm[runtime::object::TM_INDEX as usize];
        self.index_key = (runtime::Value::string(ix).to_bits(), ix.hash());
        let (generic, stats) = with_data(&p, |d| (d.generic.clone(), d.stats));
        let t0 = Instant::now();
        let r = if self.code_total >= CODE_LIMIT {
            Err(format!("code limit of {CODE_LIMIT} bytes reached"))
        } else {
            // A compiler bug must not take the program down (this may run under a helper
            // called from compiled code, where unwinding would abort): the function stays
            // interpreted.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.compile_proto(st, p, &generic)
            })) {
                Ok(r) => r,
                Err(_) => Err("internal compiler error (panic)".into()),
            }
        };
        if r.is_err() {
            // A failed translation may leave the builder context half used.
            self.fctx = FunctionBuilderContext::new();
        }
        let dt = t0.elapsed();
        let idx = match stats {
            Some(i) => i,
            None => {
                self.funcs.push(FuncStats {
                    name: label(&p),
                    compiles: 0,
                    code_bytes: 0,
                    compile_time: Duration::ZERO,
                    deopts: BTreeMap::new(),
                    failed: None,
                });
                let i = self.funcs.len() - 1;
                with_data(&p, |d| d.stats = Some(i));
                i
            }
        };
        let fs = &mut self.funcs[idx];
        fs.compile_time += dt;
        match r {
            Ok((ptr, size, dump)) => {
                self.code_total += size;
                fs.compiles += 1;
                fs.code_bytes = size;
                p.jit.entry.set(ptr);
                with_data(&p, |d| d.recent.clear());
                if self.opts.dump {
                    let listing = runtime::bytecode::disasm::disassemble_one(&p);
                    eprintln!(
                        "==== jit: {} (compile #{}, {} bytes, {:.3} ms) ====\n-- bytecode --\n{}\n-- cranelift IR --\n{}",
                        fs.name,
                        fs.compiles,
                        size,
                        dt.as_secs_f64() * 1e3,
                        listing,
                        dump
                    );
                }
            }
            Err(e) => {
                // The test harness sets VM_JIT_STRICT: no function of a test may stay
                // uncompiled (a translation bug would otherwise only show as speed).
                if std::env::var_os("VM_JIT_STRICT").is_some() {
                    eprintln!("vm: jit: could not compile {}: {e}", fs.name);
                    std::process::exit(70);
                }
                fs.failed = Some(e);
                p.jit.failed.set(true);
            }
        }
    }

    fn deopt(&mut self, _st: &mut State, p: Gc<Proto>, pc: usize, reason: u32) {
        let (count, stats) = with_data(&p, |d| {
            let c = d.recent.entry(pc).or_insert(0);
            *c += 1;
            (*c, d.stats)
        });
        if let Some(i) = stats {
            *self.funcs[i].deopts.entry((pc, reason)).or_insert(0) += 1;
        }
        if count >= DEOPT_LIMIT && reason == codegen::R_INDEX {
            // Table accesses further on probably never ran in the interpreter (the function
            // was compiled in an earlier loop), so it could not say which leave the inline
            // paths: rather than one recompilation per failing access (hashtable's scattered
            // integer keys in three later loops), they take the helper paths from now on.
            for (q, ins) in p.code.iter().enumerate().skip(pc) {
                let op = runtime::bytecode::op::Instr(*ins).op_byte();
                if INDEX_OPS.iter().any(|&o| o as u8 == op) {
                    p.jit.mark_offpath(q);
                }
            }
        }
        if count >= DEOPT_LIMIT {
            // Recompile without this speculation when the function is hot again. Code already
            // running (deeper native frames) stays valid: code memory is never reused.
            with_data(&p, |d| {
                d.generic.insert(pc);
                d.recent.clear();
            });
            p.jit.entry.set(0);
            p.hot.set(0);
        }
    }

    fn native_time(&mut self, nanos: u64) {
        self.native_ns += nanos;
    }

    fn timing(&self) -> bool {
        self.opts.stats
    }

    fn report(&self) -> String {
        Jit::report(self)
    }
}

/// Plug a new JIT tier into `st`.
pub fn install(st: &mut State, opts: Options) -> Result<(), String> {
    let threshold = opts.threshold;
    let jit = Jit::new(opts)?;
    let trampoline = jit.trampoline;
    tier::install(st, Box::new(jit), threshold, trampoline);
    Ok(())
}

/// The installed tier's statistics report, if a JIT is installed.
pub fn report(st: &mut State) -> Option<String> {
    tier::with_tier(st, |t, _| t.report())
}
