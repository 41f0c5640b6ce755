//! A recursive-descent parser for Lua 5.1, producing [`ast::Block`].
//!
//! Error messages and the lines attached to AST nodes match the reference
//! implementation (see the doc comment of [`ast`]). Recursion is bounded the way Lua 5.1
//! bounds it ("chunk has too many syntax levels"), so hostile inputs cannot overflow the
//! stack while parsing.

use super::ast::{self, BinOp, Block, Expr, ExprKind, Field, FuncBody, FuncName, Stat, UnOp};
use super::lexer::{near, LexError, Lexer, Tok, Token};

/// A syntax (or lexical) error, formatted exactly like Lua 5.1:
/// `{chunkname}:{line}: {msg}` (usually ending in `near '{token}'`).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// Lua 5.1's `LUAI_MAXCCALLS`: the bound on nested syntactic levels.
const MAX_C_CALLS: u32 = 200;
/// Lua 5.1's `MAXARG_Bx`: the bound on positional items in a table constructor.
const MAX_LIST_ITEMS: usize = (1 << 18) - 1;
/// Priority of unary operators.
const UNARY_PRIORITY: u8 = 8;

/// Parses a whole chunk. `chunkname` is the short source name that prefixes error
/// messages (`prog.lua`, `[string "x = 1"]`). A first line starting with `#` is skipped.
///
/// The nesting limit is the one `lua5.1 file.lua`, `lua5.1 -e` and `luac5.1` apply
/// (one C call level already in use); see [`parse_at_level`].
pub fn parse(source: &[u8], chunkname: &str) -> Result<ast::Block, SyntaxError> {
    parse_at_level(source, chunkname, 1)
}

/// Like [`parse`], but with `c_calls` C call levels already in use, which lowers the
/// nesting limit accordingly, as in Lua 5.1 (e.g. `loadstring` called from a Lua
/// chunk run by `lua5.1 file.lua` parses with 2 levels in use).
pub fn parse_at_level(
    source: &[u8],
    chunkname: &str,
    c_calls: u32,
) -> Result<ast::Block, SyntaxError> {
    let start = if source.first() == Some(&b'#') {
        source
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(source.len())
    } else {
        0
    };
    let mut p = Parser {
        lex: Lexer::new(source, start),
        chunkname,
        tok: Token {
            tok: Tok::Eof,
            line: 1,
        },
        ahead: None,
        last_line: 1,
        level: c_calls,
        funcs: vec![FuncState {
            is_vararg: true,
            line_defined: 0,
            loops: 0,
            actives: Vec::new(),
            upvals: Vec::new(),
        }],
    };
    p.advance()?;
    let block = p.chunk()?;
    if p.tok.tok != Tok::Eof {
        return Err(p.error_expected(&Tok::Eof));
    }
    Ok(block)
}

type PResult<T> = Result<T, SyntaxError>;

struct FuncState {
    is_vararg: bool,
    /// 0 for the main chunk.
    line_defined: u32,
    /// Number of enclosing loops within this function (for `break`).
    loops: u32,
    /// Names of the active locals, by register (Lua's `actvar`), to check
    /// `LUAI_MAXVARS` and resolve names to upvalues while parsing, where Lua 5.1 does.
    actives: Vec<String>,
    /// Upvalues this function captures, as (function level, register) of the local each
    /// one ends at, to check `LUAI_MAXUPVALUES` at the name that exceeds it.
    upvals: Vec<(usize, usize)>,
}

/// Lua 5.1's `LUAI_MAXVARS` and `LUAI_MAXUPVALUES`. The code generator checks the same
/// limits; the parser raises them first, at the token where `lparser.c` does (before any
/// later syntax error in the text).
const MAX_VARS: usize = 200;
const MAX_UPVALUES: usize = 60;

struct Parser<'a> {
    lex: Lexer<'a>,
    chunkname: &'a str,
    /// The current token.
    tok: Token,
    /// A token read ahead (only in table constructors).
    ahead: Option<Token>,
    /// Line of the previous token (Lua's `lastline`).
    last_line: u32,
    /// Nesting level (Lua's `nCcalls`).
    level: u32,
    funcs: Vec<FuncState>,
}

fn binop(t: &Tok) -> Option<(BinOp, u8, u8)> {
    Some(match t {
        Tok::Char(b'+') => (BinOp::Add, 6, 6),
        Tok::Char(b'-') => (BinOp::Sub, 6, 6),
        Tok::Char(b'*') => (BinOp::Mul, 7, 7),
        Tok::Char(b'/') => (BinOp::Div, 7, 7),
        Tok::Char(b'%') => (BinOp::Mod, 7, 7),
        Tok::Char(b'^') => (BinOp::Pow, 10, 9),
        Tok::Concat => (BinOp::Concat, 5, 4),
        Tok::Eq => (BinOp::Eq, 3, 3),
        Tok::Ne => (BinOp::Ne, 3, 3),
        Tok::Char(b'<') => (BinOp::Lt, 3, 3),
        Tok::Le => (BinOp::Le, 3, 3),
        Tok::Char(b'>') => (BinOp::Gt, 3, 3),
        Tok::Ge => (BinOp::Ge, 3, 3),
        Tok::And => (BinOp::And, 2, 2),
        Tok::Or => (BinOp::Or, 1, 1),
        _ => return None,
    })
}

fn unop(t: &Tok) -> Option<UnOp> {
    match t {
        Tok::Not => Some(UnOp::Not),
        Tok::Char(b'-') => Some(UnOp::Neg),
        Tok::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn block_follow(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Else | Tok::Elseif | Tok::End | Tok::Until | Tok::Eof
    )
}

impl<'a> Parser<'a> {
    // ----- errors -----

    fn lex_error(&self, e: LexError) -> SyntaxError {
        SyntaxError {
            message: format!("{}:{}: {}", self.chunkname, e.line, e.msg),
        }
    }

    /// An error at the current token: `msg near 'token'`.
    fn syntax_error(&self, msg: &str) -> SyntaxError {
        if self.tok.tok == Tok::Char(0) {
            // Lua 5.1 takes a token code of 0 to mean "no token": no `near` part.
            return self.plain_error(msg);
        }
        let msg = near(msg, &self.tok.tok.near_text());
        SyntaxError {
            message: format!("{}:{}: {}", self.chunkname, self.lex.line(), msg),
        }
    }

    /// An error without a `near` part.
    fn plain_error(&self, msg: &str) -> SyntaxError {
        SyntaxError {
            message: format!("{}:{}: {}", self.chunkname, self.lex.line(), msg),
        }
    }

    fn error_expected(&self, t: &Tok) -> SyntaxError {
        self.syntax_error(&format!("'{}' expected", t.describe()))
    }

    fn limit_error(&self, limit: usize, what: &str) -> SyntaxError {
        self.limit_error_at(self.funcs.len() - 1, limit, what)
    }

    /// `limit_error` for the function at nesting level `level`.
    fn limit_error_at(&self, level: usize, limit: usize, what: &str) -> SyntaxError {
        let line_defined = self.funcs.get(level).map_or(0, |f| f.line_defined);
        let msg = if line_defined == 0 {
            format!("main function has more than {limit} {what}")
        } else {
            format!("function at line {line_defined} has more than {limit} {what}")
        };
        self.plain_error(&msg)
    }

    fn enter_level(&mut self) -> PResult<()> {
        self.level += 1;
        if self.level > MAX_C_CALLS {
            return Err(self.plain_error("chunk has too many syntax levels"));
        }
        Ok(())
    }

    fn leave_level(&mut self) {
        self.level -= 1;
    }

    /// Lua's `new_localvar` check: a local declared while `pending` others of the same
    /// statement wait to become active.
    fn declare_local(&self, pending: usize) -> PResult<()> {
        if self.func().actives.len() + pending + 1 > MAX_VARS {
            return Err(self.limit_error(MAX_VARS, "local variables"));
        }
        Ok(())
    }

    /// Lua's `adjustlocalvars`: the declared names become visible.
    fn activate<'n>(&mut self, names: impl IntoIterator<Item = &'n String>) {
        let f = self.func_mut();
        f.actives.extend(names.into_iter().cloned());
    }

    /// The number of active locals, to restore at the end of a block.
    fn scope_mark(&self) -> usize {
        self.func().actives.len()
    }

    fn scope_close(&mut self, mark: usize) {
        self.func_mut().actives.truncate(mark);
    }

    /// Lua's `singlevar`: a name used in the current function is a local of it, an upvalue
    /// captured by every function between it and the one declaring it, or a global.
    fn resolve(&mut self, name: &str) -> PResult<()> {
        let cur = self.funcs.len() - 1;
        let mut found = None;
        for lvl in (0..=cur).rev() {
            if let Some(reg) = self.funcs[lvl].actives.iter().rposition(|n| n == name) {
                found = Some((lvl, reg));
                break;
            }
        }
        let Some(origin) = found else { return Ok(()) };
        // `indexupvalue` runs from the function just inside the declaring one inwards.
        for lvl in origin.0 + 1..=cur {
            if self.funcs[lvl].upvals.contains(&origin) {
                continue;
            }
            if self.funcs[lvl].upvals.len() + 1 > MAX_UPVALUES {
                return Err(self.limit_error_at(lvl, MAX_UPVALUES, "upvalues"));
            }
            self.funcs[lvl].upvals.push(origin);
        }
        Ok(())
    }

    fn func(&self) -> &FuncState {
        // The main function is always present.
        self.funcs
            .last()
            .unwrap_or_else(|| unreachable!("no function state"))
    }

    fn func_mut(&mut self) -> &mut FuncState {
        self.funcs
            .last_mut()
            .unwrap_or_else(|| unreachable!("no function state"))
    }

    // ----- token handling -----

    fn advance(&mut self) -> PResult<()> {
        self.last_line = self.tok.line;
        self.tok = match self.ahead.take() {
            Some(t) => t,
            None => self.lex.next_token().map_err(|e| self.lex_error(e))?,
        };
        Ok(())
    }

    fn lookahead(&mut self) -> PResult<&Tok> {
        if self.ahead.is_none() {
            let t = self.lex.next_token().map_err(|e| self.lex_error(e))?;
            self.ahead = Some(t);
        }
        Ok(&self.ahead.as_ref().unwrap_or_else(|| unreachable!()).tok)
    }

    fn is(&self, t: &Tok) -> bool {
        self.tok.tok == *t
    }

    fn is_char(&self, c: u8) -> bool {
        self.tok.tok == Tok::Char(c)
    }

    fn test_next(&mut self, t: &Tok) -> PResult<bool> {
        if self.is(t) {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn check_next(&mut self, t: &Tok) -> PResult<()> {
        if !self.is(t) {
            return Err(self.error_expected(t));
        }
        self.advance()
    }

    /// Expects `what` closing `who` opened at line `line`.
    fn check_match(&mut self, what: &Tok, who: &Tok, line: u32) -> PResult<()> {
        if self.test_next(what)? {
            return Ok(());
        }
        if line == self.lex.line() {
            Err(self.error_expected(what))
        } else {
            Err(self.syntax_error(&format!(
                "'{}' expected (to close '{}' at line {})",
                what.describe(),
                who.describe(),
                line
            )))
        }
    }

    fn check_name(&mut self) -> PResult<String> {
        match &self.tok.tok {
            Tok::Name(n) => {
                let n = n.clone();
                self.advance()?;
                Ok(n)
            }
            _ => Err(self.error_expected(&Tok::Name(String::new()))),
        }
    }

    // ----- statements -----
    //
    // The functions on the recursion paths return boxed nodes and each statement or
    // expression form has its own function: this keeps their stack frames small (the
    // nesting limit of Lua 5.1 allows about 200 levels, and unoptimized builds use a
    // lot of stack per frame).

    /// `{ stat [';'] }`, ending at a block follower or after `return`/`break`.
    fn chunk(&mut self) -> PResult<Block> {
        let mark = self.scope_mark();
        let b = self.chunk_open()?;
        self.scope_close(mark);
        Ok(b)
    }

    /// `chunk` leaving the block's locals active (a `repeat` body, whose scope includes
    /// the `until` condition).
    fn chunk_open(&mut self) -> PResult<Block> {
        self.enter_level()?;
        let mut stats = Vec::new();
        let mut ret = None;
        while !block_follow(&self.tok.tok) {
            match self.tok.tok {
                Tok::Return => {
                    ret = Some(self.return_stat()?);
                    self.test_next(&Tok::Char(b';'))?;
                    break;
                }
                Tok::Break => {
                    let line = self.tok.line;
                    self.advance()?;
                    if self.func().loops == 0 {
                        return Err(self.syntax_error("no loop to break"));
                    }
                    stats.push(Stat::Break { line });
                    self.test_next(&Tok::Char(b';'))?;
                    break;
                }
                _ => {
                    stats.push(*self.statement()?);
                    self.test_next(&Tok::Char(b';'))?;
                }
            }
        }
        self.leave_level();
        Ok(Block {
            stats,
            ret,
            end_line: self.last_line,
        })
    }

    /// A loop body: a block in which `break` is allowed.
    fn loop_block(&mut self) -> PResult<Block> {
        self.func_mut().loops += 1;
        let b = self.chunk()?;
        self.func_mut().loops -= 1;
        Ok(b)
    }

    #[inline(never)]
    fn return_stat(&mut self) -> PResult<ast::Return> {
        let line = self.tok.line;
        self.advance()?;
        if block_follow(&self.tok.tok) || self.is_char(b';') {
            return Ok(ast::Return {
                exprs: Vec::new(),
                line,
            });
        }
        let exprs = self.expr_list()?;
        Ok(ast::Return {
            exprs,
            line: self.last_line,
        })
    }

    fn statement(&mut self) -> PResult<Box<Stat>> {
        let line = self.lex.line();
        match self.tok.tok {
            Tok::If => self.if_stat(line),
            Tok::While => self.while_stat(line),
            Tok::Do => self.do_stat(line),
            Tok::For => self.for_stat(line),
            Tok::Repeat => self.repeat_stat(line),
            Tok::Function => self.function_stat(line),
            Tok::Local => self.local_stat(),
            _ => self.expr_stat(),
        }
    }

    #[inline(never)]
    fn while_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        self.advance()?;
        let cond = *self.expr()?;
        self.check_next(&Tok::Do)?;
        let body = self.loop_block()?;
        self.check_match(&Tok::End, &Tok::While, line)?;
        Ok(Box::new(Stat::While { cond, body, line }))
    }

    #[inline(never)]
    fn do_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        self.advance()?;
        let b = self.chunk()?;
        self.check_match(&Tok::End, &Tok::Do, line)?;
        Ok(Box::new(Stat::Do(b)))
    }

    #[inline(never)]
    fn repeat_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        self.advance()?;
        let mark = self.scope_mark();
        self.func_mut().loops += 1;
        let body = self.chunk_open()?;
        self.func_mut().loops -= 1;
        self.check_match(&Tok::Until, &Tok::Repeat, line)?;
        let cond = *self.expr()?;
        self.scope_close(mark);
        Ok(Box::new(Stat::Repeat {
            body,
            cond,
            line,
            cond_end: self.last_line,
        }))
    }

    #[inline(never)]
    fn if_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        let mut arms = Vec::new();
        loop {
            // At `if` or `elseif`.
            self.advance()?;
            let cond = *self.expr()?;
            self.check_next(&Tok::Then)?;
            let b = self.chunk()?;
            arms.push((cond, b));
            if !self.is(&Tok::Elseif) {
                break;
            }
        }
        let else_block = if self.test_next(&Tok::Else)? {
            Some(self.chunk()?)
        } else {
            None
        };
        self.check_match(&Tok::End, &Tok::If, line)?;
        Ok(Box::new(Stat::If {
            arms,
            else_block,
            line,
        }))
    }

    #[inline(never)]
    fn for_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        self.advance()?;
        let var = self.check_name()?;
        let stat = match self.tok.tok {
            Tok::Char(b'=') => self.num_for(var, line)?,
            Tok::Char(b',') | Tok::In => self.gen_for(var)?,
            _ => return Err(self.syntax_error("'=' or 'in' expected")),
        };
        self.check_match(&Tok::End, &Tok::For, line)?;
        Ok(stat)
    }

    #[inline(never)]
    fn num_for(&mut self, var: String, line: u32) -> PResult<Box<Stat>> {
        // "(for index)", "(for limit)", "(for step)" and the variable (declared after the
        // name is read, before `=`).
        for pending in 0..4 {
            self.declare_local(pending)?;
        }
        self.advance()?;
        let start = *self.expr()?;
        self.check_next(&Tok::Char(b','))?;
        let limit = *self.expr()?;
        let step = if self.test_next(&Tok::Char(b','))? {
            Some(*self.expr()?)
        } else {
            None
        };
        self.check_next(&Tok::Do)?;
        let do_line = self.last_line;
        let mark = self.scope_mark();
        let hidden = ["(for index)", "(for limit)", "(for step)"].map(String::from);
        self.activate(&hidden);
        self.activate([&var]);
        let body = self.loop_block()?;
        self.scope_close(mark);
        Ok(Box::new(Stat::NumFor {
            var,
            start,
            limit,
            step,
            body,
            line,
            do_line,
        }))
    }

    #[inline(never)]
    fn gen_for(&mut self, var: String) -> PResult<Box<Stat>> {
        // "(for generator)", "(for state)", "(for control)" and the first name.
        for pending in 0..4 {
            self.declare_local(pending)?;
        }
        let mut names = vec![var];
        while self.test_next(&Tok::Char(b','))? {
            names.push(self.check_name()?);
            self.declare_local(names.len() + 2)?;
        }
        self.check_next(&Tok::In)?;
        // Lua 5.1 attributes the iterator call to the line of the token after `in`.
        let line = self.lex.line();
        let exprs = self.expr_list()?;
        self.check_next(&Tok::Do)?;
        let do_line = self.last_line;
        let mark = self.scope_mark();
        let hidden = ["(for generator)", "(for state)", "(for control)"].map(String::from);
        self.activate(&hidden);
        self.activate(&names);
        let body = self.loop_block()?;
        self.scope_close(mark);
        Ok(Box::new(Stat::GenFor {
            names,
            exprs,
            body,
            line,
            do_line,
        }))
    }

    #[inline(never)]
    fn function_stat(&mut self, line: u32) -> PResult<Box<Stat>> {
        self.advance()?;
        let base = self.check_name()?;
        self.resolve(&base)?;
        let mut fields = Vec::new();
        while self.is_char(b'.') {
            self.advance()?;
            fields.push(self.check_name()?);
        }
        let mut method = None;
        if self.is_char(b':') {
            self.advance()?;
            method = Some(self.check_name()?);
        }
        let func = self.body(method.is_some(), line)?;
        let name = FuncName {
            base,
            fields,
            method,
        };
        Ok(Box::new(Stat::Function { name, func, line }))
    }

    #[inline(never)]
    fn local_stat(&mut self) -> PResult<Box<Stat>> {
        self.advance()?;
        if self.is(&Tok::Function) {
            let line = self.tok.line;
            self.advance()?;
            let name = self.check_name()?;
            self.declare_local(0)?;
            self.activate([&name]);
            let def_line = self.lex.line();
            let func = self.body(false, def_line)?;
            return Ok(Box::new(Stat::LocalFunction { name, func, line }));
        }
        let mut names = vec![self.check_name()?];
        self.declare_local(0)?;
        while self.test_next(&Tok::Char(b','))? {
            names.push(self.check_name()?);
            self.declare_local(names.len() - 1)?;
        }
        let exprs = if self.test_next(&Tok::Char(b'='))? {
            self.expr_list()?
        } else {
            Vec::new()
        };
        self.activate(&names);
        Ok(Box::new(Stat::Local {
            names,
            exprs,
            line: self.last_line,
        }))
    }

    #[inline(never)]
    fn expr_stat(&mut self) -> PResult<Box<Stat>> {
        let (first, mut assignable) = self.primary_exp()?;
        if matches!(first.kind, ExprKind::Call(..) | ExprKind::Method(..)) {
            return Ok(Box::new(Stat::Call(*first)));
        }
        let mut targets = vec![*first];
        loop {
            if !assignable {
                return Err(self.syntax_error("syntax error"));
            }
            if !self.test_next(&Tok::Char(b','))? {
                break;
            }
            let (t, a) = self.primary_exp()?;
            let limit = MAX_C_CALLS.saturating_sub(self.level) as usize;
            if targets.len() > limit {
                return Err(self.limit_error(limit, "variables in assignment"));
            }
            targets.push(*t);
            assignable = a;
        }
        self.check_next(&Tok::Char(b'='))?;
        let exprs = self.expr_list()?;
        Ok(Box::new(Stat::Assign {
            targets,
            exprs,
            line: self.last_line,
        }))
    }

    /// `(params) body end`; `line` is the function's "line defined".
    #[inline(never)]
    fn body(&mut self, need_self: bool, line: u32) -> PResult<Box<FuncBody>> {
        self.funcs.push(FuncState {
            is_vararg: false,
            line_defined: line,
            loops: 0,
            actives: Vec::new(),
            upvals: Vec::new(),
        });
        self.check_next(&Tok::Char(b'('))?;
        let mut params = Vec::new();
        if need_self {
            self.declare_local(0)?;
            params.push("self".to_string());
        }
        let mut is_vararg = false;
        if !self.is_char(b')') {
            loop {
                match &self.tok.tok {
                    Tok::Name(n) => {
                        params.push(n.clone());
                        self.advance()?;
                        self.declare_local(params.len() - 1)?;
                    }
                    Tok::Dots => {
                        self.advance()?;
                        is_vararg = true;
                        // LUA_COMPAT_VARARG: the implicit local `arg`.
                        self.declare_local(params.len())?;
                    }
                    _ => return Err(self.syntax_error("<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(&Tok::Char(b','))? {
                    break;
                }
            }
        }
        self.func_mut().is_vararg = is_vararg;
        self.activate(&params);
        if is_vararg {
            self.activate(&["arg".to_string()]);
        }
        self.check_next(&Tok::Char(b')'))?;
        let body = self.chunk()?;
        let end_line = self.lex.line();
        self.check_match(&Tok::End, &Tok::Function, line)?;
        self.funcs.pop();
        Ok(Box::new(FuncBody {
            params,
            is_vararg,
            body,
            line,
            end_line,
        }))
    }

    // ----- expressions -----

    fn expr_list(&mut self) -> PResult<Vec<Expr>> {
        let mut v = vec![*self.expr()?];
        while self.test_next(&Tok::Char(b','))? {
            v.push(*self.expr()?);
        }
        Ok(v)
    }

    fn expr(&mut self) -> PResult<Box<Expr>> {
        self.subexpr(0)
    }

    /// Parses operators binding tighter than `limit` (Lua's `subexpr`).
    fn subexpr(&mut self, limit: u8) -> PResult<Box<Expr>> {
        self.enter_level()?;
        let mut e = match unop(&self.tok.tok) {
            Some(op) => self.unary_exp(op)?,
            None => self.simple_exp()?,
        };
        while let Some((op, left, right)) = binop(&self.tok.tok) {
            if left <= limit {
                break;
            }
            e = self.binary_rest(e, op, right)?;
        }
        self.leave_level();
        Ok(e)
    }

    #[inline(never)]
    fn unary_exp(&mut self, op: UnOp) -> PResult<Box<Expr>> {
        self.advance()?;
        let operand = self.subexpr(UNARY_PRIORITY)?;
        Ok(Box::new(Expr {
            kind: ExprKind::Un(op, operand),
            line: self.last_line,
        }))
    }

    /// Having parsed `lhs` and seen `op`, parses the right operand.
    #[inline(never)]
    fn binary_rest(&mut self, lhs: Box<Expr>, op: BinOp, right: u8) -> PResult<Box<Expr>> {
        self.advance()?;
        let rhs = self.subexpr(right)?;
        Ok(Box::new(Expr {
            kind: ExprKind::Bin(op, lhs, rhs),
            line: self.last_line,
        }))
    }

    fn simple_exp(&mut self) -> PResult<Box<Expr>> {
        let line = self.tok.line;
        let kind = match &mut self.tok.tok {
            Tok::Number(v, _) => ExprKind::Number(*v),
            Tok::Str(s, _) => ExprKind::Str(std::mem::take(s)),
            Tok::Nil => ExprKind::Nil,
            Tok::True => ExprKind::True,
            Tok::False => ExprKind::False,
            Tok::Dots => {
                if !self.func().is_vararg {
                    return Err(self.syntax_error("cannot use '...' outside a vararg function"));
                }
                ExprKind::Vararg
            }
            Tok::Char(b'{') => return self.constructor(),
            Tok::Function => return self.function_exp(),
            _ => return self.primary_exp().map(|(e, _)| e),
        };
        self.advance()?;
        Ok(Box::new(Expr { kind, line }))
    }

    #[inline(never)]
    fn function_exp(&mut self) -> PResult<Box<Expr>> {
        self.advance()?;
        let def_line = self.lex.line();
        let f = self.body(false, def_line)?;
        Ok(Box::new(Expr {
            kind: ExprKind::Function(f),
            line: self.last_line,
        }))
    }

    /// A prefix expression with its suffixes. Also returns whether it can be assigned to.
    fn primary_exp(&mut self) -> PResult<(Box<Expr>, bool)> {
        // A parenthesised expression is never assignable, even `(a)`.
        let (mut e, mut assignable) = match &self.tok.tok {
            Tok::Name(_) => (self.name_exp()?, true),
            Tok::Char(b'(') => (self.paren_exp()?, false),
            _ => return Err(self.syntax_error("unexpected symbol")),
        };
        loop {
            e = match &self.tok.tok {
                Tok::Char(b'.' | b'[') => {
                    assignable = true;
                    self.index_suffix(e)?
                }
                Tok::Char(b':' | b'(' | b'{') | Tok::Str(..) => {
                    assignable = false;
                    self.call_suffix(e)?
                }
                _ => return Ok((e, assignable)),
            };
        }
    }

    #[inline(never)]
    fn name_exp(&mut self) -> PResult<Box<Expr>> {
        let line = self.tok.line;
        let name = self.check_name()?;
        self.resolve(&name)?;
        Ok(Box::new(Expr {
            kind: ExprKind::Name(name),
            line,
        }))
    }

    /// `( expr )`; the parentheses are kept only where they truncate multiple results.
    #[inline(never)]
    fn paren_exp(&mut self) -> PResult<Box<Expr>> {
        let line = self.lex.line();
        self.advance()?;
        let inner = self.expr()?;
        self.check_match(&Tok::Char(b')'), &Tok::Char(b'('), line)?;
        Ok(match inner.kind {
            // `((f()))` needs only one truncation.
            ExprKind::Call(..) | ExprKind::Method(..) | ExprKind::Vararg => Box::new(Expr {
                kind: ExprKind::Paren(inner),
                line,
            }),
            _ => inner,
        })
    }

    /// `.name` or `[expr]` applied to `obj`.
    #[inline(never)]
    fn index_suffix(&mut self, obj: Box<Expr>) -> PResult<Box<Expr>> {
        let key = if self.is_char(b'.') {
            self.advance()?;
            let key_line = self.lex.line();
            let name = self.check_name()?;
            Box::new(Expr {
                kind: ExprKind::Str(name.into_bytes()),
                line: key_line,
            })
        } else {
            self.index_key()?
        };
        Ok(Box::new(Expr {
            kind: ExprKind::Index(obj, key),
            line: self.last_line,
        }))
    }

    /// `:name args` or `args` applied to `f`.
    #[inline(never)]
    fn call_suffix(&mut self, f: Box<Expr>) -> PResult<Box<Expr>> {
        let method = if self.is_char(b':') {
            self.advance()?;
            Some(self.check_name()?)
        } else {
            None
        };
        let line = self.lex.line();
        let args = self.func_args()?;
        let kind = match method {
            Some(name) => ExprKind::Method(f, name, args),
            None => ExprKind::Call(f, args),
        };
        Ok(Box::new(Expr { kind, line }))
    }

    /// `[ expr ]`
    #[inline(never)]
    fn index_key(&mut self) -> PResult<Box<Expr>> {
        self.advance()?;
        let k = self.expr()?;
        self.check_next(&Tok::Char(b']'))?;
        Ok(k)
    }

    /// Call arguments: `( [explist] )`, a table constructor or a string literal.
    #[inline(never)]
    fn func_args(&mut self) -> PResult<Vec<Expr>> {
        let line = self.lex.line();
        match &mut self.tok.tok {
            Tok::Char(b'(') => {
                if line != self.last_line {
                    return Err(
                        self.syntax_error("ambiguous syntax (function call x new statement)")
                    );
                }
                self.advance()?;
                let args = if self.is_char(b')') {
                    Vec::new()
                } else {
                    self.expr_list()?
                };
                self.check_match(&Tok::Char(b')'), &Tok::Char(b'('), line)?;
                Ok(args)
            }
            Tok::Char(b'{') => Ok(vec![*self.constructor()?]),
            Tok::Str(s, _) => {
                let arg = Expr {
                    kind: ExprKind::Str(std::mem::take(s)),
                    line: self.tok.line,
                };
                self.advance()?;
                Ok(vec![arg])
            }
            _ => Err(self.syntax_error("function arguments expected")),
        }
    }

    #[inline(never)]
    fn constructor(&mut self) -> PResult<Box<Expr>> {
        let line = self.lex.line();
        self.check_next(&Tok::Char(b'{'))?;
        let mut fields = Vec::new();
        let mut items = 0usize;
        loop {
            if self.is_char(b'}') {
                break;
            }
            fields.push(self.field(&mut items)?);
            if !(self.test_next(&Tok::Char(b','))? || self.test_next(&Tok::Char(b';'))?) {
                break;
            }
        }
        self.check_match(&Tok::Char(b'}'), &Tok::Char(b'{'), line)?;
        Ok(Box::new(Expr {
            kind: ExprKind::Table(fields, self.last_line),
            line,
        }))
    }

    /// One field of a table constructor; `items` counts the positional ones.
    fn field(&mut self, items: &mut usize) -> PResult<Field> {
        let is_name = matches!(self.tok.tok, Tok::Name(_));
        if is_name && *self.lookahead()? == Tok::Char(b'=') {
            self.named_field()
        } else if self.is_char(b'[') {
            self.keyed_field()
        } else {
            self.list_field(items)
        }
    }

    #[inline(never)]
    fn named_field(&mut self) -> PResult<Field> {
        let name = self.check_name()?;
        self.advance()?;
        Ok(Field::Named(name, *self.expr()?))
    }

    #[inline(never)]
    fn keyed_field(&mut self) -> PResult<Field> {
        let k = self.index_key()?;
        self.check_next(&Tok::Char(b'='))?;
        Ok(Field::Keyed(*k, *self.expr()?))
    }

    #[inline(never)]
    fn list_field(&mut self, items: &mut usize) -> PResult<Field> {
        let e = self.expr()?;
        if *items > MAX_LIST_ITEMS {
            return Err(self.limit_error(MAX_LIST_ITEMS, "items in a constructor"));
        }
        *items += 1;
        Ok(Field::Pos(*e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Block {
        match parse(src.as_bytes(), "t.lua") {
            Ok(b) => b,
            Err(e) => panic!("parse failed for {src:?}: {}", e.message),
        }
    }

    fn perr(src: &[u8]) -> String {
        match parse(src, "t.lua") {
            Ok(b) => panic!(
                "parse unexpectedly succeeded for {:?}: {b:?}",
                String::from_utf8_lossy(src)
            ),
            Err(e) => e.message,
        }
    }

    fn sexp(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Nil => "nil".into(),
            ExprKind::True => "true".into(),
            ExprKind::False => "false".into(),
            ExprKind::Vararg => "...".into(),
            ExprKind::Number(n) => format!("{n}"),
            ExprKind::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
            ExprKind::Function(f) => format!(
                "(function ({}{}) {})",
                f.params.join(" "),
                if f.is_vararg { " ..." } else { "" },
                f.body.stats.len()
            ),
            ExprKind::Table(fields, _) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| match f {
                        Field::Pos(e) => sexp(e),
                        Field::Named(n, e) => format!("{n}={}", sexp(e)),
                        Field::Keyed(k, e) => format!("[{}]={}", sexp(k), sexp(e)),
                    })
                    .collect();
                format!("{{{}}}", parts.join(" "))
            }
            ExprKind::Bin(op, a, b) => format!("({op:?} {} {})", sexp(a), sexp(b)),
            ExprKind::Un(op, a) => format!("({op:?} {})", sexp(a)),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Index(t, k) => format!("{}[{}]", sexp(t), sexp(k)),
            ExprKind::Call(f, args) => {
                let a: Vec<String> = args.iter().map(sexp).collect();
                format!("(call {} {})", sexp(f), a.join(" "))
            }
            ExprKind::Method(o, m, args) => {
                let a: Vec<String> = args.iter().map(sexp).collect();
                format!("(method {} {m} {})", sexp(o), a.join(" "))
            }
            ExprKind::Paren(e) => format!("(paren {})", sexp(e)),
        }
    }

    /// The single expression of `return <src>`.
    fn ex(src: &str) -> String {
        let b = p(&format!("return {src}"));
        let r = b.ret.expect("return");
        assert_eq!(r.exprs.len(), 1);
        sexp(&r.exprs[0])
    }

    fn ret_expr(src: &str) -> Expr {
        let b = p(src);
        b.ret
            .expect("return")
            .exprs
            .into_iter()
            .next()
            .expect("expr")
    }

    #[test]
    fn precedence() {
        assert_eq!(ex("1 + 2 * 3 ^ 2 ^ 2"), "(Add 1 (Mul 2 (Pow 3 (Pow 2 2))))");
        assert_eq!(ex("-x^2"), "(Neg (Pow x 2))");
        assert_eq!(ex("2^-3"), "(Pow 2 (Neg 3))");
        assert_eq!(ex("-2^-3^2"), "(Neg (Pow 2 (Neg (Pow 3 2))))");
        assert_eq!(ex("not a == b"), "(Eq (Not a) b)");
        assert_eq!(ex("a .. b .. c"), "(Concat a (Concat b c))");
        assert_eq!(ex("a - b - c"), "(Sub (Sub a b) c)");
        assert_eq!(ex("a / b * c % d"), "(Mod (Mul (Div a b) c) d)");
        assert_eq!(ex("a < b == c > d"), "(Gt (Eq (Lt a b) c) d)");
        assert_eq!(ex("a <= b ~= c >= d"), "(Ge (Ne (Le a b) c) d)");
        assert_eq!(ex("a or b and c or d"), "(Or (Or a (And b c)) d)");
        assert_eq!(ex("a and b or c and d"), "(Or (And a b) (And c d))");
        assert_eq!(ex("a .. b + c .. d"), "(Concat a (Concat (Add b c) d))");
        assert_eq!(
            ex("a + b .. c == d and e"),
            "(And (Eq (Concat (Add a b) c) d) e)"
        );
        assert_eq!(ex("#t + 1"), "(Add (Len t) 1)");
        assert_eq!(ex("- - x"), "(Neg (Neg x))");
        assert_eq!(ex("not not x"), "(Not (Not x))");
        assert_eq!(ex("-a * b"), "(Mul (Neg a) b)");
        assert_eq!(ex("#a .. b"), "(Concat (Len a) b)");
        assert_eq!(ex("(a + b) * c"), "(Mul (Add a b) c)");
        assert_eq!(ex("a ^ (b ^ c) ^ d"), "(Pow a (Pow (Pow b c) d))");
        assert_eq!(ex("1 .. 2"), "(Concat 1 2)");
    }

    #[test]
    fn simple_expressions() {
        assert_eq!(ex("nil"), "nil");
        assert_eq!(ex("true"), "true");
        assert_eq!(ex("false"), "false");
        assert_eq!(ex("..."), "...");
        assert_eq!(ex("0x10"), "16");
        assert_eq!(ex("'a\\tb'"), "\"a\\tb\"");
        assert_eq!(ex("[[x]]"), "\"x\"");
        assert_eq!(
            ex("function(a, b, ...) local x end"),
            "(function (a b ...) 1)"
        );
        assert_eq!(ex("function(...) end"), "(function ( ...) 0)");
        assert_eq!(ex("function() end"), "(function () 0)");
    }

    #[test]
    fn parens() {
        assert_eq!(ex("(f())"), "(paren (call f ))");
        assert_eq!(ex("(a:m())"), "(paren (method a m ))");
        assert_eq!(ex("(...)"), "(paren ...)");
        assert_eq!(ex("(a)"), "a");
        assert_eq!(ex("((a))"), "a");
        assert_eq!(ex("(a).b"), "a[\"b\"]");
        assert_eq!(ex("(a)[1]"), "a[1]");
        assert_eq!(ex("(a)()"), "(call a )");
        assert_eq!(ex("(f())()"), "(call (paren (call f )) )");
        assert_eq!(ex("('x'):rep(3)"), "(method \"x\" rep 3)");
        assert_eq!(ex("((f()))"), "(paren (call f ))");
    }

    #[test]
    fn suffixes() {
        assert_eq!(ex("a.b.c"), "a[\"b\"][\"c\"]");
        assert_eq!(ex("a[b][c + 1]"), "a[b][(Add c 1)]");
        assert_eq!(ex("a.b:c(1, 2)"), "(method a[\"b\"] c 1 2)");
        assert_eq!(ex("f(1)(2)"), "(call (call f 1) 2)");
        assert_eq!(ex("f'x'"), "(call f \"x\")");
        assert_eq!(ex("f\"x\""), "(call f \"x\")");
        assert_eq!(ex("f[[x]]"), "(call f \"x\")");
        assert_eq!(ex("f{1, 2}"), "(call f {1 2})");
        assert_eq!(ex("a:b{}"), "(method a b {})");
        assert_eq!(ex("a:b'x'"), "(method a b \"x\")");
        assert_eq!(ex("f{}.x"), "(call f {})[\"x\"]");
        assert_eq!(ex("f\n'x'"), "(call f \"x\")");
        assert_eq!(ex("f\n{}"), "(call f {})");
        assert_eq!(ex("f(a, ...)"), "(call f a ...)");
    }

    #[test]
    fn tables() {
        assert_eq!(ex("{}"), "{}");
        assert_eq!(ex("{1, 2; 3}"), "{1 2 3}");
        assert_eq!(ex("{1, 2,}"), "{1 2}");
        assert_eq!(ex("{1; 2;}"), "{1 2}");
        assert_eq!(ex("{x = 1, [2] = 3, y}"), "{x=1 [2]=3 y}");
        assert_eq!(ex("{x == 1}"), "{(Eq x 1)}");
        assert_eq!(ex("{f(), ...}"), "{(call f ) ...}");
        assert_eq!(ex("{{}, {a = {}}}"), "{{} {a={}}}");
        assert_eq!(ex("{x}"), "{x}");
        assert_eq!(ex("{x.y}"), "{x[\"y\"]}");
        assert_eq!(ex("{['a'] = 1; b = 2}"), "{[\"a\"]=1 b=2}");
    }

    #[test]
    fn statements() {
        let b = p("local a, b = 1, 2\nlocal c\nx, y.z, w[1] = 1, 2\nf()\na:b()\ndo end\n;");
        assert!(
            matches!(&b.stats[0], Stat::Local { names, exprs, .. } if names == &["a", "b"] && exprs.len() == 2)
        );
        assert!(
            matches!(&b.stats[1], Stat::Local { names, exprs, line: 2 } if names == &["c"] && exprs.is_empty())
        );
        match &b.stats[2] {
            Stat::Assign {
                targets,
                exprs,
                line,
            } => {
                let t: Vec<String> = targets.iter().map(sexp).collect();
                assert_eq!(t, vec!["x", "y[\"z\"]", "w[1]"]);
                assert_eq!(exprs.len(), 2);
                assert_eq!(*line, 3);
            }
            s => panic!("{s:?}"),
        }
        assert!(matches!(&b.stats[3], Stat::Call(e) if sexp(e) == "(call f )"));
        assert!(matches!(&b.stats[4], Stat::Call(e) if sexp(e) == "(method a b )"));
        assert!(matches!(&b.stats[5], Stat::Do(b) if b.stats.is_empty()));
        assert_eq!(b.stats.len(), 6);
        assert!(b.ret.is_none());
    }

    #[test]
    fn control_flow() {
        let b = p("while a do break end\nrepeat local x until x\nif a then elseif b then x = 1 else end\nif c then end");
        assert!(
            matches!(&b.stats[0], Stat::While { body, line: 1, .. } if matches!(body.stats[..], [Stat::Break { line: 1 }]))
        );
        match &b.stats[1] {
            Stat::Repeat {
                body, cond, line, ..
            } => {
                assert_eq!(body.stats.len(), 1);
                assert_eq!(sexp(cond), "x");
                assert_eq!(*line, 2);
            }
            s => panic!("{s:?}"),
        }
        match &b.stats[2] {
            Stat::If {
                arms,
                else_block,
                line,
            } => {
                assert_eq!(arms.len(), 2);
                assert_eq!(sexp(&arms[1].0), "b");
                assert_eq!(arms[1].1.stats.len(), 1);
                assert!(else_block.as_ref().is_some_and(|b| b.stats.is_empty()));
                assert_eq!(*line, 3);
            }
            s => panic!("{s:?}"),
        }
        assert!(
            matches!(&b.stats[3], Stat::If { arms, else_block: None, line: 4 } if arms.len() == 1)
        );
    }

    #[test]
    fn for_loops() {
        let b = p("for i = 1, 10 do end\nfor i = 1, 10, 2\ndo break end\nfor k, v in pairs(t) do end\nfor k\nin\nnext, t\ndo end");
        match &b.stats[0] {
            Stat::NumFor {
                var,
                start,
                limit,
                step,
                line,
                do_line,
                ..
            } => {
                assert_eq!(var, "i");
                assert_eq!(sexp(start), "1");
                assert_eq!(sexp(limit), "10");
                assert!(step.is_none());
                assert_eq!((*line, *do_line), (1, 1));
            }
            s => panic!("{s:?}"),
        }
        match &b.stats[1] {
            Stat::NumFor {
                step: Some(s),
                line,
                do_line,
                body,
                ..
            } => {
                assert_eq!(sexp(s), "2");
                assert_eq!((*line, *do_line), (2, 3));
                assert!(matches!(body.stats[..], [Stat::Break { line: 3 }]));
            }
            s => panic!("{s:?}"),
        }
        match &b.stats[2] {
            Stat::GenFor {
                names,
                exprs,
                line,
                do_line,
                ..
            } => {
                assert_eq!(names, &["k", "v"]);
                assert_eq!(exprs.len(), 1);
                assert_eq!((*line, *do_line), (4, 4));
            }
            s => panic!("{s:?}"),
        }
        // The generic-for line is that of the token after `in` (as Lua 5.1 reports it).
        assert!(matches!(
            &b.stats[3],
            Stat::GenFor {
                line: 7,
                do_line: 8,
                ..
            }
        ));
    }

    #[test]
    fn functions() {
        let b = p("function f(a) end\nfunction a.b.c:m(x, ...) return self end\nlocal function g() end\nfunction h.i() end");
        match &b.stats[0] {
            Stat::Function { name, func, line } => {
                assert_eq!(
                    name,
                    &FuncName {
                        base: "f".into(),
                        fields: vec![],
                        method: None
                    }
                );
                assert_eq!(func.params, vec!["a"]);
                assert!(!func.is_vararg);
                assert_eq!((func.line, func.end_line, *line), (1, 1, 1));
            }
            s => panic!("{s:?}"),
        }
        match &b.stats[1] {
            Stat::Function { name, func, .. } => {
                assert_eq!(
                    name,
                    &FuncName {
                        base: "a".into(),
                        fields: vec!["b".into(), "c".into()],
                        method: Some("m".into())
                    }
                );
                assert_eq!(func.params, vec!["self", "x"]);
                assert!(func.is_vararg);
                assert!(func.body.ret.is_some());
            }
            s => panic!("{s:?}"),
        }
        assert!(
            matches!(&b.stats[2], Stat::LocalFunction { name, func, .. } if name == "g" && func.params.is_empty())
        );
        assert!(
            matches!(&b.stats[3], Stat::Function { name, .. } if name.fields == ["i"] && name.method.is_none())
        );
    }

    #[test]
    fn function_lines() {
        // Lua 5.1's "line defined": the `function` keyword for statements, the `(` for
        // local functions and function expressions.
        let b = p(
            "local function\nf\n(\n)\nend\nlocal g = function\n(\n) end\nfunction\nh\n() \n\nend",
        );
        assert!(
            matches!(&b.stats[0], Stat::LocalFunction { func, .. } if func.line == 3 && func.end_line == 5)
        );
        match &b.stats[1] {
            Stat::Local { exprs, line, .. } => {
                assert_eq!(*line, 8);
                assert!(
                    matches!(&exprs[0].kind, ExprKind::Function(f) if f.line == 7 && f.end_line == 8)
                );
                assert_eq!(exprs[0].line, 8);
            }
            s => panic!("{s:?}"),
        }
        assert!(
            matches!(&b.stats[2], Stat::Function { func, line: 9, .. } if func.line == 9 && func.end_line == 13)
        );
    }

    #[test]
    fn vararg_scoping() {
        p("local x = ...");
        p("function f(...) return function(...) return ... end end");
        p("function f(a, ...) local t = {...} end");
        assert_eq!(
            perr(b"function f(...) return function() return ... end end"),
            "t.lua:1: cannot use '...' outside a vararg function near '...'"
        );
    }

    #[test]
    fn returns_and_breaks() {
        let b = p("return");
        assert!(b
            .ret
            .as_ref()
            .is_some_and(|r| r.exprs.is_empty() && r.line == 1));
        let b = p("return;");
        assert!(b.ret.is_some());
        let b = p("return 1,\n2\n");
        assert!(b
            .ret
            .as_ref()
            .is_some_and(|r| r.exprs.len() == 2 && r.line == 2));
        let b = p("x = 1; return f(x);");
        assert_eq!(b.stats.len(), 1);
        let b = p("while 1 do break; end");
        assert!(matches!(&b.stats[0], Stat::While { .. }));
        let b = p("for i=1,2 do if i then break end end");
        assert_eq!(b.stats.len(), 1);
        let b = p("repeat break until true");
        assert_eq!(b.stats.len(), 1);
        let b = p("do return end");
        assert!(matches!(&b.stats[0], Stat::Do(b) if b.ret.is_some()));
    }

    #[test]
    fn lines() {
        let e = ret_expr("return t\n.\nx");
        assert_eq!(e.line, 3);
        let e = ret_expr("return t\n[\n1\n]");
        assert_eq!(e.line, 4);
        let e = ret_expr("return 1 +\nt\n+\n2\n");
        assert_eq!(e.line, 4);
        match &e.kind {
            ExprKind::Bin(_, a, _) => assert_eq!(a.line, 2),
            k => panic!("{k:?}"),
        }
        let e = ret_expr("return -\nx");
        assert_eq!(e.line, 2);
        let e = ret_expr("return f\n'a'");
        assert_eq!(e.line, 2);
        let e = ret_expr("return f(\n1\n)");
        assert_eq!(e.line, 1);
        let e = ret_expr("return o:m\n{\n}");
        assert_eq!(e.line, 2);
        let e = ret_expr("return\n\nx");
        assert_eq!(e.line, 3);
        let e = ret_expr("return [[a\nb]]");
        assert_eq!(e.line, 2);
        let b = p("local a =\n1 +\n2\nx,y =\n1,\n2 local z");
        assert!(matches!(b.stats[0], Stat::Local { line: 3, .. }));
        assert!(matches!(b.stats[1], Stat::Assign { line: 6, .. }));
        assert!(matches!(b.stats[2], Stat::Local { line: 6, .. }));
        let b = p("\n\nreturn");
        assert!(b.ret.is_some_and(|r| r.line == 3));
    }

    #[test]
    fn shebang() {
        let b = p("#!/usr/bin/lua\nreturn x");
        assert!(b.ret.is_some_and(|r| r.line == 2));
        p("#");
        p("# only a comment line");
        assert_eq!(
            perr(b"#!lua\r\nx = = 1"),
            "t.lua:2: unexpected symbol near '='"
        );
    }

    #[test]
    fn crlf_sources() {
        let b = p("local x = 1\r\nlocal y = [[\r\na\r\nb]]\r\nreturn y");
        assert!(b.ret.as_ref().is_some_and(|r| r.line == 5));
        match &b.stats[1] {
            Stat::Local { exprs, .. } => assert_eq!(exprs[0].kind, ExprKind::Str(b"a\nb".to_vec())),
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn chunkname_prefix() {
        let e = parse(b"x = = 1", "[string \"x = = 1\"]").unwrap_err();
        assert_eq!(
            e.message,
            "[string \"x = = 1\"]:1: unexpected symbol near '='"
        );
    }

    /// Each expected message was produced by `luac5.1 -p t.lua`.
    #[test]
    fn syntax_error_messages() {
        let cases: &[(&[u8], &str)] = &[
            (b"x = = 1", "t.lua:1: unexpected symbol near '='"),
            (b";", "t.lua:1: unexpected symbol near ';'"),
            (b"x = 1;;", "t.lua:1: unexpected symbol near ';'"),
            (b"break", "t.lua:1: no loop to break near '<eof>'"),
            (
                b"while true do break; x=1 end",
                "t.lua:1: 'end' expected near 'x'",
            ),
            (b"x = \"abc", "t.lua:1: unfinished string near '<eof>'"),
            (b"x = \"abc\ny", "t.lua:1: unfinished string near '\"abc'"),
            (
                b"x = \"a\\300\"",
                "t.lua:1: escape sequence too large near '\"a'",
            ),
            (
                b"x = [==x",
                "t.lua:1: invalid long string delimiter near '[=='",
            ),
            (
                b"x = [[ a [[ b ]] ]]",
                "t.lua:1: nesting of [[...]] is deprecated near '['",
            ),
            (b"x = 0x", "t.lua:1: malformed number near '0x'"),
            (b"x = 3..2", "t.lua:1: malformed number near '3..2'"),
            (b"x = 3x", "t.lua:1: malformed number near '3x'"),
            (
                b"x = 1 \"a\\65b\"",
                "t.lua:1: unexpected symbol near '\"aAb\"'",
            ),
            (
                b"x = 1 [[\nab\nc]]",
                "t.lua:3: unexpected symbol near '[[ab\nc]]'",
            ),
            (
                b"f\n(g)",
                "t.lua:2: ambiguous syntax (function call x new statement) near '('",
            ),
            (
                b"x = f\n(g)",
                "t.lua:2: ambiguous syntax (function call x new statement) near '('",
            ),
            (b"(f())", "t.lua:1: syntax error near '<eof>'"),
            (b"f() = 1", "t.lua:1: unexpected symbol near '='"),
            (b"(a) = 1", "t.lua:1: syntax error near '='"),
            (
                b"a.b:c = 1",
                "t.lua:1: function arguments expected near '='",
            ),
            (b"local 1", "t.lua:1: '<name>' expected near '1'"),
            (
                b"function f(1) end",
                "t.lua:1: <name> or '...' expected near '1'",
            ),
            (
                b"function f() return ... end",
                "t.lua:1: cannot use '...' outside a vararg function near '...'",
            ),
            (b"a, f() = 1", "t.lua:1: syntax error near '='"),
            (b"x = ~ 1", "t.lua:1: unexpected symbol near '~'"),
            (b"for x do end", "t.lua:1: '=' or 'in' expected near 'do'"),
            (b"--[[ abc", "t.lua:1: unfinished long comment near '<eof>'"),
            (
                b"x = [[ abc",
                "t.lua:1: unfinished long string near '<eof>'",
            ),
            (b"x = {a b}", "t.lua:1: '}' expected near 'b'"),
            (
                b"x = (\na b",
                "t.lua:2: ')' expected (to close '(' at line 1) near 'b'",
            ),
            (
                b"function f()\n\n",
                "t.lua:3: 'end' expected (to close 'function' at line 1) near '<eof>'",
            ),
            (
                b"x = function\n(\n)\n\n",
                "t.lua:5: 'end' expected (to close 'function' at line 2) near '<eof>'",
            ),
            (
                b"if x then\n\n",
                "t.lua:3: 'end' expected (to close 'if' at line 1) near '<eof>'",
            ),
            (
                b"x = {\n1,2",
                "t.lua:2: '}' expected (to close '{' at line 1) near '<eof>'",
            ),
            (b"x = 1 +", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = 1 + + 2", "t.lua:1: unexpected symbol near '+'"),
            (b"return 1 x = 2", "t.lua:1: '<eof>' expected near 'x'"),
            (b"return return", "t.lua:1: unexpected symbol near 'return'"),
            (b"end", "t.lua:1: '<eof>' expected near 'end'"),
            (b"x = 1 end", "t.lua:1: '<eof>' expected near 'end'"),
            (b"if x end", "t.lua:1: 'then' expected near 'end'"),
            (
                b"if x then else elseif y then end",
                "t.lua:1: 'end' expected near 'elseif'",
            ),
            (b"while x end", "t.lua:1: 'do' expected near 'end'"),
            (b"for i = 1 do end", "t.lua:1: ',' expected near 'do'"),
            (b"for i = 1, 2 end", "t.lua:1: 'do' expected near 'end'"),
            (b"for a, b = 1, 2 do end", "t.lua:1: 'in' expected near '='"),
            (
                b"for a.b = 1, 2 do end",
                "t.lua:1: '=' or 'in' expected near '.'",
            ),
            (
                b"for 1 = 1, 2 do end",
                "t.lua:1: '<name>' expected near '1'",
            ),
            (b"repeat x = 1", "t.lua:1: 'until' expected near '<eof>'"),
            (b"repeat x = 1 end", "t.lua:1: 'until' expected near 'end'"),
            (b"repeat until", "t.lua:1: unexpected symbol near '<eof>'"),
            (
                b"local function 1() end",
                "t.lua:1: '<name>' expected near '1'",
            ),
            (b"local function f", "t.lua:1: '(' expected near '<eof>'"),
            (b"function a.1() end", "t.lua:1: '(' expected near '.1'"),
            (b"function a:b.c() end", "t.lua:1: '(' expected near '.'"),
            (b"function a:b:c() end", "t.lua:1: '(' expected near ':'"),
            (b"function (x) end", "t.lua:1: '<name>' expected near '('"),
            (
                b"x = function(a, ...) end x = function(..., a) end",
                "t.lua:1: ')' expected near ','",
            ),
            (
                b"x = function(a,) end",
                "t.lua:1: <name> or '...' expected near ')'",
            ),
            (b"x = t[1", "t.lua:1: ']' expected near '<eof>'"),
            (b"x = t.[1]", "t.lua:1: '<name>' expected near '['"),
            (
                b"x = t:m",
                "t.lua:1: function arguments expected near '<eof>'",
            ),
            (
                b"x = t:m.x",
                "t.lua:1: function arguments expected near '.'",
            ),
            (b"x = {[1] 2}", "t.lua:1: '=' expected near '2'"),
            (b"x = {[1] = }", "t.lua:1: unexpected symbol near '}'"),
            (b"x = {a = }", "t.lua:1: unexpected symbol near '}'"),
            (b"x = {1 2}", "t.lua:1: '}' expected near '2'"),
            (b"x = {,}", "t.lua:1: unexpected symbol near ','"),
            (b"x = {1,,2}", "t.lua:1: unexpected symbol near ','"),
            (b"x = a.b.c.d 1", "t.lua:1: unexpected symbol near '1'"),
            (b"x, y", "t.lua:1: '=' expected near '<eof>'"),
            (b"x.y", "t.lua:1: '=' expected near '<eof>'"),
            (b"x[1]", "t.lua:1: '=' expected near '<eof>'"),
            (b"x:y()()  = 1", "t.lua:1: unexpected symbol near '='"),
            (b"a.b, c() = 1, 2", "t.lua:1: syntax error near '='"),
            (b"local x, = 1", "t.lua:1: '<name>' expected near '='"),
            (b"local x = 1,", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = #", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = not", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = (1", "t.lua:1: ')' expected near '<eof>'"),
            (b"x = (1)(", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = ()", "t.lua:1: unexpected symbol near ')'"),
            (b"f(", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"f(a,", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"f(a b)", "t.lua:1: ')' expected near 'b'"),
            (b"x = 1 .. 2 ..", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"x = 'a\\\rb", "t.lua:2: unfinished string near '<eof>'"),
            (b"x = 'abc\\", "t.lua:1: unfinished string near '<eof>'"),
            (
                b"x = 'a\\256'",
                "t.lua:1: escape sequence too large near ''a'",
            ),
            (
                b"x = \"\\9999\"",
                "t.lua:1: escape sequence too large near '\"'",
            ),
            (b"x = 0x1p", "t.lua:1: malformed number near '0x1p'"),
            (b"x = 1e+", "t.lua:1: malformed number near '1e+'"),
            (b"x = .5.", "t.lua:1: malformed number near '.5.'"),
            (b"x = 5..", "t.lua:1: malformed number near '5..'"),
            (b"x = 1.5e", "t.lua:1: malformed number near '1.5e'"),
            (b"do x = 1", "t.lua:1: 'end' expected near '<eof>'"),
            (
                b"do\nx = 1\n",
                "t.lua:3: 'end' expected (to close 'do' at line 1) near '<eof>'",
            ),
            (
                b"while true do\nlocal function f() break end end",
                "t.lua:2: no loop to break near 'end'",
            ),
            (
                b"x = function() break end",
                "t.lua:1: no loop to break near 'end'",
            ),
            (b"until x", "t.lua:1: '<eof>' expected near 'until'"),
            (b"else", "t.lua:1: '<eof>' expected near 'else'"),
            (b"elseif", "t.lua:1: '<eof>' expected near 'elseif'"),
            (b"x = 1 y = 2 z", "t.lua:1: '=' expected near '<eof>'"),
            (
                b"local function f() end f",
                "t.lua:1: '=' expected near '<eof>'",
            ),
            (b"@", "t.lua:1: unexpected symbol near '@'"),
            (b"x = $", "t.lua:1: unexpected symbol near '$'"),
            (b"x = \x01", "t.lua:1: unexpected symbol near 'char(1)'"),
            (b"x = \x00", "t.lua:1: unexpected symbol"),
            (b"x = 1\x00+2 y", "t.lua:1: '=' expected near '<eof>'"),
            (b"x = .\x00 y", "t.lua:1: unexpected symbol near '..'"),
            (b"x = ..\x00 y", "t.lua:1: '=' expected near '<eof>'"),
            (b"x = 12\x00.5 (", "t.lua:1: unexpected symbol near '.5'"),
            (b"x = 1e\x00 (", "t.lua:1: malformed number near '1e'"),
            (b"x = 1 \x00", "t.lua:1: unexpected symbol"),
            (b"x = \"a\\0b\" y", "t.lua:1: '=' expected near '<eof>'"),
            (b"return;;", "t.lua:1: '<eof>' expected near ';'"),
            (b"break;", "t.lua:1: no loop to break near ';'"),
            (
                b"x = 1 -- comment\n=",
                "t.lua:2: unexpected symbol near '='",
            ),
            (
                b"t = {f = function() return 1 end,\n}\nt.f(\n",
                "t.lua:4: unexpected symbol near '<eof>'",
            ),
            (
                b"x = [=[ ]]",
                "t.lua:1: unfinished long string near '<eof>'",
            ),
            (
                b"--[==[\n\n]=]",
                "t.lua:3: unfinished long comment near '<eof>'",
            ),
            (
                b"x = a.b\n.c\n(1)",
                "t.lua:3: ambiguous syntax (function call x new statement) near '('",
            ),
            (
                b"f = function(...) local function g() return ... end end",
                "t.lua:1: cannot use '...' outside a vararg function near '...'",
            ),
            (b"x = 1 == 2 == ", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"a.b.c = 1, 2, ", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"return 1,", "t.lua:1: unexpected symbol near '<eof>'"),
            (b"return (1", "t.lua:1: ')' expected near '<eof>'"),
            (
                b"function f(a, b\n\n) end x =",
                "t.lua:3: unexpected symbol near '<eof>'",
            ),
            (
                b"local a <const> = 1",
                "t.lua:1: unexpected symbol near '<'",
            ),
            (b"goto x", "t.lua:1: '=' expected near 'x'"),
            (b"::lbl::", "t.lua:1: unexpected symbol near ':'"),
            (b"x = a // b", "t.lua:1: unexpected symbol near '/'"),
            (b"x = a & b", "t.lua:1: unexpected symbol near '&'"),
            (b"x = 1 ~= ", "t.lua:1: unexpected symbol near '<eof>'"),
            (
                b"x = {[1]=1,[2]=2,\n[3]\n}",
                "t.lua:3: '=' expected near '}'",
            ),
            (b"#!shebang\nx = = 1", "t.lua:2: unexpected symbol near '='"),
            (b"x = 1\n#y", "t.lua:2: unexpected symbol near '#'"),
        ];
        let mut failures = Vec::new();
        for (src, want) in cases {
            let got = match parse(src, "t.lua") {
                Ok(_) => "<parsed>".to_string(),
                Err(e) => e.message,
            };
            if got != *want {
                failures.push(format!(
                    "{:?}\n   got:  {got:?}\n   want: {want:?}",
                    String::from_utf8_lossy(src)
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    fn nested(prefix: &str, open: &str, mid: &str, close: &str, n: usize) -> Vec<u8> {
        let mut s = String::from(prefix);
        s.push_str(&open.repeat(n));
        s.push_str(mid);
        s.push_str(&close.repeat(n));
        s.into_bytes()
    }

    #[test]
    fn nesting_limits_match_lua() {
        const TOO_DEEP: &str = "t.lua:1: chunk has too many syntax levels";
        assert!(parse(&nested("x = ", "(", "1", ")", 197), "t.lua").is_ok());
        assert_eq!(perr(&nested("x = ", "(", "1", ")", 198)), TOO_DEEP);
        assert!(parse(&nested("", "do ", "", " end", 198), "t.lua").is_ok());
        assert_eq!(perr(&nested("", "do ", "", " end", 199)), TOO_DEEP);
        let concat = |n: usize| format!("x = {}", vec!["a"; n].join("..")).into_bytes();
        assert!(parse(&concat(198), "t.lua").is_ok());
        assert_eq!(perr(&concat(199)), TOO_DEEP);
        let assign = |n: usize| format!("{} = 1", vec!["a"; n].join(",")).into_bytes();
        assert!(parse(&assign(199), "t.lua").is_ok());
        assert_eq!(
            perr(&assign(200)),
            "t.lua:1: main function has more than 198 variables in assignment"
        );
        let in_func = format!("function f()\n{} = 1 end", vec!["a"; 199].join(","));
        assert_eq!(
            perr(in_func.as_bytes()),
            "t.lua:2: function at line 1 has more than 197 variables in assignment"
        );
        assert!(parse_at_level(&nested("x = ", "(", "1", ")", 196), "t.lua", 2).is_ok());
        assert_eq!(
            parse_at_level(&nested("x = ", "(", "1", ")", 197), "t.lua", 2)
                .unwrap_err()
                .message,
            TOO_DEEP
        );
    }

    /// Deeply nested input is rejected before it can exhaust the stack, even on a
    /// thread with a small (2 MiB) stack in an unoptimized build.
    #[test]
    fn hostile_nesting_does_not_overflow() {
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                const TOO_DEEP: &str = "t.lua:1: chunk has too many syntax levels";
                let n = 100_000;
                let cases: &[(&str, &str, &str, &str)] = &[
                    ("x = ", "(", "1", ")"),
                    ("x = ", "(", "", ""),
                    ("x = ", "{", "", ""),
                    ("x = ", "- ", "1", ""),
                    ("x = ", "not ", "1", ""),
                    ("x = ", "f(", "", ""),
                    ("x = ", "f{", "", ""),
                    ("x = ", "f{a=", "", ""),
                    ("x = ", "{[", "", ""),
                    ("x = ", "a:b(", "", ""),
                    ("x = ", "a..", "a", ""),
                    ("x = ", "2^", "2", ""),
                    ("", "do ", "", ""),
                    ("", "while 1 do ", "", ""),
                    ("", "if x then ", "", ""),
                    ("", "repeat ", "", ""),
                    ("x = ", "function() return ", "", ""),
                    ("", "local function f() ", "", ""),
                    ("x = ", "t[", "", ""),
                    ("a = ", "{a=", "", ""),
                ];
                for (prefix, open, mid, close) in cases {
                    assert_eq!(
                        perr(&nested(prefix, open, mid, close, n)),
                        TOO_DEEP,
                        "{open:?}"
                    );
                }
                // Nested loops reach 200 locals (four per loop) first, as in lua5.1.
                for open in ["for i=1,2 do ", "for k in x do "] {
                    assert_eq!(
                        perr(&nested("", open, "", "", n)),
                        "t.lua:1: main function has more than 200 local variables"
                    );
                }
                let assign = format!("{} = 1", vec!["a"; n].join(","));
                assert_eq!(
                    perr(assign.as_bytes()),
                    "t.lua:1: main function has more than 198 variables in assignment"
                );
            })
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn long_flat_inputs() {
        // Iterative constructs have no nesting limit in Lua 5.1.
        let src = format!("x = {{{}}}", "1,".repeat(20_000));
        assert!(parse(src.as_bytes(), "t.lua").is_ok());
        let src = "x = 1\n".repeat(20_000);
        assert_eq!(p(&src).stats.len(), 20_000);
    }

    #[test]
    fn complete_program() {
        let src = r#"
#!/usr/bin/env lua
local M = {}
M.__index = M
function M.new(x, y) return setmetatable({x = x, y = y}, M) end
function M:len() return math.sqrt(self.x ^ 2 + self.y ^ 2) end
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...)) end
  return s
end
local t = {1, 2, 3; n = 3, ["k"] = 'v', [10] = [==[a]]b]==]}
for k, v in pairs(t) do
  if type(v) == "number" and v > 1 then print(k, v)
  elseif v == nil then break
  else local _ = #t .. k end
end
local i = 0
repeat i = i + 1 until i >= 10
while i > 0 do i = i - 1 if i == 5 then break end end
do local a, b = 1; a, b = b, a end
print(("x"):rep(3), sum(1, 2, 3), M.new(3, 4):len(), -2 ^ 2, not nil == true)
return M
"#;
        let b = p(src.strip_prefix('\n').unwrap_or(src));
        assert_eq!(b.stats.len(), 12);
        assert!(b.ret.is_some());
    }
}
