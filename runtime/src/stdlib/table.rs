//! The `table` library of Lua 5.1.5: insert, remove, concat, sort, maxn, getn, setn (obsolete),
//! foreach and foreachi. Element accesses are raw, as in the reference; only `sort` without a
//! comparator honours `__lt`.

use crate::gc::Gc;
use crate::number;
use crate::object::Table;
use crate::state::{LuaError, State};
use crate::Value;

type R = Result<usize, LuaError>;

pub fn open(st: &mut State) {
    st.register_lib(
        "table",
        &[
            ("concat", concat),
            ("foreach", foreach),
            ("foreachi", foreachi),
            ("getn", getn),
            ("maxn", maxn),
            ("insert", insert),
            ("remove", remove),
            ("setn", setn),
            ("sort", sort),
        ],
    );
}

/// C's `(int)` of a `lua_Integer` argument (`luaL_checkint`).
fn check_cint(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    f: &str,
) -> Result<i64, LuaError> {
    Ok(st.check_int(base, nargs, i, f)? as i32 as i64)
}

fn opt_cint(
    st: &mut State,
    base: usize,
    nargs: usize,
    i: usize,
    f: &str,
    def: i64,
) -> Result<i64, LuaError> {
    if st.arg(base, nargs, i).is_nil() {
        Ok(def)
    } else {
        check_cint(st, base, nargs, i, f)
    }
}

/// `aux_getn`: the table argument and its border length.
fn table_and_len(
    st: &mut State,
    base: usize,
    nargs: usize,
    f: &str,
) -> Result<(Gc<Table>, i64), LuaError> {
    let t = st.check_table(base, nargs, 0, f)?;
    let n = t.len() as i32 as i64;
    Ok((t, n))
}

#[inline]
fn rawset(st: &mut State, t: Gc<Table>, i: i64, v: Value) {
    // SAFETY: no other reference to the table is live while it is updated.
    unsafe { t.get_mut() }.set_int(&mut st.heap, i, v);
}

fn check_function(st: &mut State, base: usize, nargs: usize, i: usize) -> Result<Value, LuaError> {
    let v = st.arg(base, nargs, i);
    if v.is_function() {
        Ok(v)
    } else {
        Err(st.type_error(i + 1, "", "function", (i < nargs).then_some(v)))
    }
}

fn getn(st: &mut State, base: usize, nargs: usize) -> R {
    let (_, n) = table_and_len(st, base, nargs, "getn")?;
    st.push(Value::number(n as f64));
    Ok(1)
}

fn setn(st: &mut State, base: usize, nargs: usize) -> R {
    st.check_table(base, nargs, 0, "setn")?;
    Err(st.rt_error("'setn' is obsolete"))
}

fn maxn(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "maxn")?;
    let mut max = 0.0f64;
    let mut k = Value::NIL;
    while let Ok(Some((key, _))) = t.next(k) {
        if let Some(n) = key.as_number() {
            if n > max {
                max = n;
            }
        }
        k = key;
    }
    st.push(Value::number(max));
    Ok(1)
}

fn insert(st: &mut State, base: usize, nargs: usize) -> R {
    let (t, n) = table_and_len(st, base, nargs, "insert")?;
    let mut e = n + 1;
    let (pos, v) = match nargs {
        2 => (e, st.arg(base, nargs, 1)),
        3 => {
            let pos = check_cint(st, base, nargs, 1, "insert")?;
            if pos > e {
                e = pos;
            }
            let mut i = e;
            while i > pos {
                let prev = t.get_int(i - 1);
                rawset(st, t, i, prev);
                i -= 1;
            }
            (pos, st.arg(base, nargs, 2))
        }
        _ => return Err(st.rt_error("wrong number of arguments to 'insert'")),
    };
    rawset(st, t, pos, v);
    Ok(0)
}

fn remove(st: &mut State, base: usize, nargs: usize) -> R {
    let (t, e) = table_and_len(st, base, nargs, "remove")?;
    let mut pos = opt_cint(st, base, nargs, 1, "remove", e)?;
    if !(1 <= pos && pos <= e) {
        return Ok(0);
    }
    let removed = t.get_int(pos);
    st.push(removed);
    while pos < e {
        let next = t.get_int(pos + 1);
        rawset(st, t, pos, next);
        pos += 1;
    }
    rawset(st, t, e, Value::NIL);
    Ok(1)
}

fn concat(st: &mut State, base: usize, nargs: usize) -> R {
    let sep = if st.arg(base, nargs, 1).is_nil() {
        None
    } else {
        Some(st.check_string(base, nargs, 1, "concat")?)
    };
    let t = st.check_table(base, nargs, 0, "concat")?;
    let mut i = opt_cint(st, base, nargs, 2, "concat", 1)?;
    let len = t.len() as i32 as i64;
    let last = opt_cint(st, base, nargs, 3, "concat", len)?;
    let sep: &[u8] = match &sep {
        Some(s) => s.as_bytes(),
        None => b"",
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut num = String::new();
    while i <= last {
        let v = t.get_int(i);
        if let Some(s) = v.as_string() {
            buf.extend_from_slice(s.as_bytes());
        } else if let Some(n) = v.as_number() {
            num.clear();
            number::write_number(&mut num, n);
            buf.extend_from_slice(num.as_bytes());
        } else {
            let tn = v.type_name();
            return Err(st.rt_error(format!(
                "invalid value ({tn}) at index {i} in table for 'concat'"
            )));
        }
        if i == last {
            break;
        }
        buf.extend_from_slice(sep);
        i += 1;
    }
    let s = st.intern(&buf);
    st.push(s);
    Ok(1)
}

fn foreachi(st: &mut State, base: usize, nargs: usize) -> R {
    let (t, n) = table_and_len(st, base, nargs, "foreachi")?;
    let f = check_function(st, base, nargs, 1)?;
    for i in 1..=n {
        let v = t.get_int(i);
        let r = st.call(f, &[Value::number(i as f64), v])?;
        let r = r.first().copied().unwrap_or(Value::NIL);
        if !r.is_nil() {
            st.push(r);
            return Ok(1);
        }
    }
    Ok(0)
}

fn foreach(st: &mut State, base: usize, nargs: usize) -> R {
    let t = st.check_table(base, nargs, 0, "foreach")?;
    let f = check_function(st, base, nargs, 1)?;
    // The current key lives in a stack slot so the collector sees it during the calls.
    st.set_top(base + 3);
    let slot = base + 2;
    let mut k = Value::NIL;
    loop {
        let (key, v) = match t.next(k) {
            Ok(Some(kv)) => kv,
            Ok(None) => return Ok(0),
            Err(()) => return Err(st.error_msg("invalid key to 'next'")),
        };
        set_slot(st, slot, key);
        let r = st.call(f, &[key, v])?;
        let r = r.first().copied().unwrap_or(Value::NIL);
        if !r.is_nil() {
            st.push(r);
            return Ok(1);
        }
        k = st.stack()[slot];
    }
}

fn set_slot(st: &mut State, idx: usize, v: Value) {
    // SAFETY: exclusive access to the running coroutine's stack during a native call.
    unsafe { st.cur.get_mut() }.stack[idx] = v;
}

// -- sort --

/// Lua 5.1's quicksort (median of three, two-scan partition, recursion on the smaller half).
/// Values held across comparator calls are kept in stack slots so the collector can see them,
/// as the reference keeps them on the Lua stack.
struct Sorter {
    t: Gc<Table>,
    cmp: Value,
    pivot: usize,
    held: usize,
    /// Two slots for the operands of the comparison in progress.
    args: usize,
}

impl Sorter {
    #[inline]
    fn get(&self, i: i64) -> Value {
        self.t.get_int(i)
    }

    #[inline]
    fn set(&self, st: &mut State, i: i64, v: Value) {
        rawset(st, self.t, i, v);
    }

    /// `a < b` by the comparator or the `<` operator.
    fn lt(&self, st: &mut State, a: Value, b: Value) -> Result<bool, LuaError> {
        if self.cmp.is_nil() {
            if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                return Ok(x < y);
            }
            set_slot(st, self.args, a);
            set_slot(st, self.args + 1, b);
            st.less_than(a, b)
        } else {
            // The callee may overwrite its parameters: keep the operands in our slots too.
            set_slot(st, self.args, a);
            set_slot(st, self.args + 1, b);
            // Call the comparator for one result without collecting results in a vector.
            let func = st.top();
            st.push_all(&[self.cmp, a, b]);
            (st.call_hook)(st, func, 1)?;
            let r = st.stack()[func].is_truthy();
            st.set_top(func);
            Ok(r)
        }
    }

    fn order_error(st: &mut State) -> LuaError {
        st.rt_error("invalid order function for sorting")
    }

    fn sort(&self, st: &mut State, mut lo: i64, mut up: i64) -> Result<(), LuaError> {
        while lo < up {
            // Order a[lo], a[mid], a[up].
            let a_lo = self.get(lo);
            let a_up = self.get(up);
            if self.lt(st, a_up, a_lo)? {
                self.set(st, lo, a_up);
                self.set(st, up, a_lo);
            }
            if up - lo == 1 {
                break;
            }
            let mut i = (lo + up) / 2;
            let a_mid = self.get(i);
            let a_lo = self.get(lo);
            if self.lt(st, a_mid, a_lo)? {
                self.set(st, i, a_lo);
                self.set(st, lo, a_mid);
            } else {
                let a_up = self.get(up);
                if self.lt(st, a_up, a_mid)? {
                    self.set(st, i, a_up);
                    self.set(st, up, a_mid);
                }
            }
            if up - lo == 2 {
                break;
            }
            // The median becomes the pivot, parked at up - 1.
            let p = self.get(i);
            set_slot(st, self.pivot, p);
            let before = self.get(up - 1);
            self.set(st, i, before);
            self.set(st, up - 1, p);
            i = lo;
            let mut j = up - 1;
            loop {
                // Advance i while a[i] < P.
                let ai = loop {
                    i += 1;
                    let ai = self.get(i);
                    if !self.lt(st, ai, p)? {
                        break ai;
                    }
                    if i > up {
                        return Err(Self::order_error(st));
                    }
                };
                set_slot(st, self.held, ai);
                // Retreat j while P < a[j].
                let aj = loop {
                    j -= 1;
                    let aj = self.get(j);
                    if !self.lt(st, p, aj)? {
                        break aj;
                    }
                    if j < lo {
                        return Err(Self::order_error(st));
                    }
                };
                if j < i {
                    break;
                }
                self.set(st, i, aj);
                self.set(st, j, ai);
            }
            // Put the pivot in its final place.
            let a_pv = self.get(up - 1);
            let a_i = self.get(i);
            self.set(st, up - 1, a_i);
            self.set(st, i, a_pv);
            set_slot(st, self.pivot, Value::NIL);
            set_slot(st, self.held, Value::NIL);
            // Recurse into the smaller part, loop on the larger one.
            let (rlo, rup);
            if i - lo < up - i {
                rlo = lo;
                rup = i - 1;
                lo = i + 1;
            } else {
                rlo = i + 1;
                rup = up;
                up = i - 1;
            }
            self.sort(st, rlo, rup)?;
        }
        Ok(())
    }
}

fn sort(st: &mut State, base: usize, nargs: usize) -> R {
    let (t, n) = table_and_len(st, base, nargs, "sort")?;
    let cmp = st.arg(base, nargs, 1);
    if !cmp.is_nil() && !cmp.is_function() {
        return Err(st.type_error(2, "sort", "function", Some(cmp)));
    }
    st.set_top(base + 6);
    let s = Sorter {
        t,
        cmp,
        pivot: base + 2,
        held: base + 3,
        args: base + 4,
    };
    s.sort(st, 1, n)?;
    Ok(0)
}
