//! The abstract syntax tree of Lua 5.1, as produced by the parser and consumed by codegen.
//!
//! Line numbers follow what Lua 5.1's code generator attaches to the instruction that
//! implements each node, so runtime errors report the same line as `lua5.1`:
//! - literals, names, `...`: the line of the token;
//! - `Index` (`t.k`, `t[k]`): the line of the last token of the key (`k` or `]`);
//! - `Bin` / `Un`: the line of the last token of the whole expression (Lua emits the
//!   operation after parsing the right operand);
//! - `Call` / `Method`: the line of the token that opens the arguments (`(`, `{` or a string);
//! - `Function`: the line of its closing `end`.

/// A sequence of statements, optionally ended by `return`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stats: Vec<Stat>,
    /// `return explist` ending the block, with the line of its last token.
    pub ret: Option<Return>,
    /// Line of the block's last token (the one before the `end`, `else`, ... that closes
    /// it; Lua 5.1's `lastline` there): the line of the jumps emitted after it.
    pub end_line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub exprs: Vec<Expr>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stat {
    /// A function call used as a statement. `call.kind` is `Call` or `Method`.
    Call(Expr),
    /// `local n1, n2 = e1, e2`. `line` is the line of the last token of the statement.
    Local {
        names: Vec<String>,
        exprs: Vec<Expr>,
        line: u32,
    },
    /// `t1, t2 = e1, e2`. Every target is a `Name` or `Index` expression.
    Assign {
        targets: Vec<Expr>,
        exprs: Vec<Expr>,
        line: u32,
    },
    Do(Block),
    While {
        cond: Expr,
        body: Block,
        line: u32,
    },
    /// `repeat body until cond`: `cond` sees the locals of `body`.
    Repeat {
        body: Block,
        cond: Expr,
        line: u32,
        /// Line of the condition's last token (the loop's jump back).
        cond_end: u32,
    },
    /// `if c1 then b1 elseif c2 then b2 else b3 end`.
    If {
        arms: Vec<(Expr, Block)>,
        else_block: Option<Block>,
        line: u32,
    },
    /// `for var = start, limit [, step] do body end`; `line` is the line of `for`,
    /// `do_line` the line of `do`.
    NumFor {
        var: String,
        start: Expr,
        limit: Expr,
        step: Option<Expr>,
        body: Block,
        line: u32,
        do_line: u32,
    },
    /// `for n1, n2 in e1, e2 do body end`; lines as in `NumFor`.
    GenFor {
        names: Vec<String>,
        exprs: Vec<Expr>,
        body: Block,
        line: u32,
        do_line: u32,
    },
    /// `function a.b.c:m(params) body end`.
    Function {
        name: FuncName,
        func: Box<FuncBody>,
        line: u32,
    },
    /// `local function f(params) body end`.
    LocalFunction {
        name: String,
        func: Box<FuncBody>,
        line: u32,
    },
    Break {
        line: u32,
    },
}

/// The name in `function base.f1.f2:method()`.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncName {
    pub base: String,
    pub fields: Vec<String>,
    pub method: Option<String>,
}

/// Parameters and body of a function. A method definition (`function a:m()`) gets an
/// explicit leading `self` parameter from the parser.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncBody {
    pub params: Vec<String>,
    pub is_vararg: bool,
    pub body: Block,
    /// Line of the `function` keyword.
    pub line: u32,
    /// Line of the closing `end`.
    pub end_line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Nil,
    True,
    False,
    Vararg,
    Number(f64),
    /// String literal bytes after escape processing (any bytes, including `\0`).
    Str(Vec<u8>),
    Function(Box<FuncBody>),
    /// A constructor, with the line of its closing `}`.
    Table(Vec<Field>, u32),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Un(UnOp, Box<Expr>),
    Name(String),
    /// `t[k]`; `t.name` is `Index(t, Str("name"))`.
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    /// `obj:name(args)`.
    Method(Box<Expr>, String, Vec<Expr>),
    /// `(e)`: truncates `e` to one value.
    Paren(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// `{ e }`: the next array item.
    Pos(Expr),
    /// `{ name = e }`.
    Named(String, Expr),
    /// `{ [k] = e }`.
    Keyed(Expr, Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    Len,
}
