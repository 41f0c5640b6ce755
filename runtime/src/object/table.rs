//! Lua tables: an array part and a hash part, laid out exactly as Lua 5.1 lays them out.
//!
//! The hash part is Lua 5.1's scatter table with Brent's variation: `nodes` has a power-of-two
//! size, colliding keys are chained through `next`, and a key not in its main position is moved
//! when the owner of that position arrives. Free nodes are found by walking `lastfree`
//! downwards; when none is left the table is rehashed, choosing the array size as the largest
//! power of two `n` such that more than `n/2` of the slots `1..n` would be used.
//!
//! Reproducing the algorithm (and Lua 5.1's hash functions) exactly makes `#t` on tables with
//! holes and `next` order over string and number keys identical to `lua5.1`.
//!
//! Invariants:
//! - `array.len()` is the array size; every integer key `1..=array.len()` lives there.
//! - A node with a non-nil key and nil value is a dead entry: it stays until the next rehash and
//!   its key is never dereferenced (it may point at a collected object), only compared by bits.

use crate::gc::{is_dead_for_weak, register_weak, Gc, Heap, Marker, Trace};
use crate::object::LuaStr;
use crate::value::Value;
use std::cell::Cell;

/// Metamethods whose absence is cached in `Table::flags` (bit = known absent), like Lua 5.1.
pub const TM_INDEX: u8 = 0;
pub const TM_NEWINDEX: u8 = 1;
pub const TM_GC: u8 = 2;
pub const TM_MODE: u8 = 3;
pub const TM_EQ: u8 = 4;
pub const TM_LEN: u8 = 5;
pub const TM_CALL: u8 = 6;

const MAXBITS: usize = 26;
const MAXASIZE: usize = 1 << MAXBITS;

/// `repr(C)` so compiled code can probe hash nodes (key at 0, value at 8, 24 bytes each).
#[derive(Clone, Copy)]
#[repr(C)]
struct Node {
    key: Value,
    val: Value,
    next: i32,
}

const EMPTY_NODE: Node = Node {
    key: Value::NIL,
    val: Value::NIL,
    next: -1,
};

/// Why a key cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    Nil,
    NaN,
}

impl KeyError {
    pub fn message(self) -> &'static str {
        match self {
            KeyError::Nil => "table index is nil",
            KeyError::NaN => "table index is NaN",
        }
    }
}

/// Byte offsets of a table's internals from the address a table `Value` carries, for
/// compiled code (see `Table::layout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableLayout {
    pub array_ptr: i32,
    pub array_len: i32,
    pub nodes_ptr: i32,
    pub nodes_len: i32,
    /// `Option<Gc<Table>>`: 0 for no metatable.
    pub meta: i32,
    pub node_size: i32,
    pub node_key: i32,
    pub node_val: i32,
    /// `i32` index of the next node in the collision chain (negative: end).
    pub node_next: i32,
}

/// Which words of a `Vec` hold its pointer and its length (`std` does not promise an order, so
/// it is measured).
pub fn vec_words<T: Copy>(sample: T) -> (usize, usize) {
    assert_eq!(
        std::mem::size_of::<Vec<T>>(),
        3 * std::mem::size_of::<usize>()
    );
    let mut v: Vec<T> = Vec::with_capacity(11);
    v.extend([sample; 3]);
    // SAFETY: a Vec is three initialised machine words (pointer, capacity, length; asserted
    // above), so reading them as words reads no padding.
    let w: [usize; 3] = unsafe { std::ptr::read((&v as *const Vec<T>).cast::<[usize; 3]>()) };
    let ptr = w
        .iter()
        .position(|&x| x == v.as_ptr() as usize)
        .expect("vec pointer word");
    let len = w
        .iter()
        .enumerate()
        .position(|(i, &x)| x == 3 && i != ptr)
        .expect("vec length word");
    (ptr, len)
}

impl Table {
    /// Field offsets for compiled code (measured once per call; cheap).
    pub fn layout() -> TableLayout {
        assert_eq!(std::mem::size_of::<Option<Gc<Table>>>(), 8);
        let base = crate::gc::value_offset::<Table>();
        let (ap, al) = vec_words(Value::NIL);
        let (np, nl) = vec_words(EMPTY_NODE);
        let a = base + std::mem::offset_of!(Table, array);
        let n = base + std::mem::offset_of!(Table, nodes);
        TableLayout {
            array_ptr: (a + ap * 8) as i32,
            array_len: (a + al * 8) as i32,
            nodes_ptr: (n + np * 8) as i32,
            nodes_len: (n + nl * 8) as i32,
            meta: (base + std::mem::offset_of!(Table, meta)) as i32,
            node_size: std::mem::size_of::<Node>() as i32,
            node_key: std::mem::offset_of!(Node, key) as i32,
            node_val: std::mem::offset_of!(Node, val) as i32,
            node_next: std::mem::offset_of!(Node, next) as i32,
        }
    }
}

pub struct Table {
    pub array: Vec<Value>,
    nodes: Vec<Node>,
    lastfree: usize,
    pub meta: Option<Gc<Table>>,
    /// Cache of absent metamethods when this table is used as a metatable.
    pub flags: Cell<u8>,
}

/// Lua 5.1's `luaO_int2fb`: encode a size as a "floating point byte" (rounding up).
pub fn int2fb(mut x: u32) -> u32 {
    let mut e = 0;
    while x >= 16 {
        x = (x + 1) >> 1;
        e += 1;
    }
    if x < 8 {
        x
    } else {
        ((e + 1) << 3) | (x - 8)
    }
}

/// Lua 5.1's `luaO_fb2int`.
pub fn fb2int(x: u32) -> u32 {
    let e = (x >> 3) & 31;
    if e == 0 {
        x
    } else {
        ((x & 7) + 8) << (e - 1)
    }
}

fn ceillog2(x: usize) -> usize {
    debug_assert!(x > 0);
    (usize::BITS - (x - 1).leading_zeros()) as usize
}

/// The array index a key would have (Lua 5.1 `arrayindex`): an integral number in C int range.
#[inline(always)]
fn arrayindex(k: Value) -> Option<i64> {
    let n = k.as_number()?;
    let i = n as i32;
    if i as f64 == n {
        Some(i as i64)
    } else {
        None
    }
}

#[inline(always)]
fn hashnum_bits(n: f64) -> u32 {
    if n == 0.0 {
        return 0;
    }
    let b = n.to_bits();
    (b as u32).wrapping_add((b >> 32) as u32)
}

impl Table {
    /// A table with room for `narray` array items and `nhash` hash entries.
    pub fn new(narray: usize, nhash: usize) -> Table {
        let mut t = Table {
            array: vec![Value::NIL; narray],
            nodes: Vec::new(),
            lastfree: 0,
            meta: None,
            flags: Cell::new(0),
        };
        t.set_node_vector(nhash);
        t
    }

    fn set_node_vector(&mut self, size: usize) {
        if size == 0 {
            self.nodes = Vec::new();
            self.lastfree = 0;
        } else {
            let lsize = ceillog2(size);
            assert!(lsize <= MAXBITS, "table overflow");
            let n = 1usize << lsize;
            self.nodes = vec![EMPTY_NODE; n];
            self.lastfree = n;
        }
    }

    /// The node index where `key` would live first, or `None` for the empty hash part.
    #[inline(always)]
    fn mainposition(&self, key: Value) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        let size = self.nodes.len();
        let hashmod = |h: u32| (h as usize) % ((size - 1) | 1);
        Some(if let Some(n) = key.as_number() {
            hashmod(hashnum_bits(n))
        } else if let Some(s) = key.as_string() {
            s.hash() as usize & (size - 1)
        } else if let Some(b) = key.as_bool() {
            b as usize & (size - 1)
        } else {
            hashmod(key.payload() as u32)
        })
    }

    /// Bytes owned by the two parts.
    pub fn buffer_bytes(&self) -> usize {
        self.array.len() * 8 + self.nodes.len() * std::mem::size_of::<Node>()
    }

    // -- Lookup --

    /// Raw get of any key.
    #[inline]
    pub fn get(&self, key: Value) -> Value {
        if let Some(s) = key.as_string() {
            return self.get_str(s);
        }
        if let Some(n) = key.as_number() {
            return self.get_num(n);
        }
        if key.is_nil() {
            return Value::NIL;
        }
        self.get_generic(key)
    }

    #[inline]
    pub fn get_num(&self, n: f64) -> Value {
        let i = n as i64;
        if i as f64 == n && (i as u64).wrapping_sub(1) < self.array.len() as u64 {
            return self.array[(i - 1) as usize];
        }
        self.get_num_hash(n)
    }

    fn get_num_hash(&self, n: f64) -> Value {
        if n.is_nan() {
            return Value::NIL;
        }
        let Some(mut i) = self.mainposition(Value::number(n)) else {
            return Value::NIL;
        };
        loop {
            let nd = &self.nodes[i];
            if nd.key.is_number() && nd.key.num_unchecked() == n {
                return nd.val;
            }
            if nd.next < 0 {
                return Value::NIL;
            }
            i = nd.next as usize;
        }
    }

    /// Raw get with an integer key.
    #[inline]
    pub fn get_int(&self, i: i64) -> Value {
        if (i as u64).wrapping_sub(1) < self.array.len() as u64 {
            return self.array[(i - 1) as usize];
        }
        self.get_num_hash(i as f64)
    }

    #[inline]
    pub fn get_str(&self, s: Gc<LuaStr>) -> Value {
        if self.nodes.is_empty() {
            return Value::NIL;
        }
        let key = Value::string(s);
        let mut i = s.hash() as usize & (self.nodes.len() - 1);
        loop {
            let nd = &self.nodes[i];
            if nd.key == key {
                return nd.val;
            }
            if nd.next < 0 {
                return Value::NIL;
            }
            i = nd.next as usize;
        }
    }

    /// The value slot of string key `s` if the key has a node (its value may be nil).
    #[inline]
    pub fn str_slot_mut(&mut self, s: Gc<LuaStr>) -> Option<&mut Value> {
        if self.nodes.is_empty() {
            return None;
        }
        let key = Value::string(s);
        let mut i = s.hash() as usize & (self.nodes.len() - 1);
        loop {
            if self.nodes[i].key == key {
                return Some(&mut self.nodes[i].val);
            }
            let next = self.nodes[i].next;
            if next < 0 {
                return None;
            }
            i = next as usize;
        }
    }

    fn get_generic(&self, key: Value) -> Value {
        match self.find_node(key) {
            Some(i) => self.nodes[i].val,
            None => Value::NIL,
        }
    }

    /// Node holding `key` (whatever its value), for non-array keys.
    fn find_node(&self, key: Value) -> Option<usize> {
        let mut i = self.mainposition(key)?;
        loop {
            let nd = &self.nodes[i];
            if nd.key.raw_eq(key) {
                return Some(i);
            }
            if nd.next < 0 {
                return None;
            }
            i = nd.next as usize;
        }
    }

    // -- Store --

    /// Raw set. Like Lua 5.1, storing nil under a new key still creates its node.
    #[inline(never)]
    pub fn set(&mut self, heap: &mut Heap, key: Value, val: Value) -> Result<(), KeyError> {
        if let Some(n) = key.as_number() {
            if n.is_nan() {
                return Err(KeyError::NaN);
            }
        } else if key.is_nil() {
            return Err(KeyError::Nil);
        }
        self.flags.set(0);
        if let Some(n) = key.as_number() {
            let i = n as i64;
            if i as f64 == n && (i as u64).wrapping_sub(1) < self.array.len() as u64 {
                self.array[(i - 1) as usize] = val;
                return Ok(());
            }
        }
        if let Some(i) = self.find_node(key) {
            self.nodes[i].val = val;
            return Ok(());
        }
        self.set_new_key(heap, key, val);
        Ok(())
    }

    /// `set` of a key that is in neither part: a new node, after a rehash if none is free.
    /// Out of line, so the common stores above stay short.
    #[inline(never)]
    fn set_new_key(&mut self, heap: &mut Heap, key: Value, val: Value) {
        loop {
            if let Some(i) = self.new_key(key) {
                self.nodes[i].val = val;
                return;
            }
            // No free node: grow, then store again (the key may now belong to the array part).
            self.rehash(heap, key);
            if let Some(n) = key.as_number() {
                let i = n as i64;
                if i as f64 == n && (i as u64).wrapping_sub(1) < self.array.len() as u64 {
                    self.array[(i - 1) as usize] = val;
                    return;
                }
            }
        }
    }

    /// Raw set of a string key that has no node (`str_slot_mut` gave `None`).
    pub fn insert_new_str(&mut self, heap: &mut Heap, s: Gc<LuaStr>, val: Value) {
        self.flags.set(0);
        self.set_new_key(heap, Value::string(s), val);
    }

    /// Raw set with an integer key.
    #[inline]
    pub fn set_int(&mut self, heap: &mut Heap, i: i64, val: Value) {
        if (i as u64).wrapping_sub(1) < self.array.len() as u64 {
            self.array[(i - 1) as usize] = val;
            return;
        }
        // An integer key is never nil or NaN.
        let _ = self.set(heap, Value::number(i as f64), val);
    }

    /// Raw set with a string key.
    #[inline]
    pub fn set_str(&mut self, heap: &mut Heap, s: Gc<LuaStr>, val: Value) {
        let _ = self.set(heap, Value::string(s), val);
    }

    fn get_free_pos(&mut self) -> Option<usize> {
        while self.lastfree > 0 {
            self.lastfree -= 1;
            if self.nodes[self.lastfree].key.is_nil() {
                return Some(self.lastfree);
            }
        }
        None
    }

    /// Insert a key that is not present; returns its node, or `None` when the table must be
    /// rehashed first (Lua 5.1 `newkey`).
    fn new_key(&mut self, key: Value) -> Option<usize> {
        let mut mp = self.mainposition(key)?;
        if !self.nodes[mp].val.is_nil() {
            let n = self.get_free_pos()?;
            let mpkey = self.nodes[mp].key;
            // A node with a non-nil value has a live key, so hashing it is sound.
            let othern0 = self.mainposition(mpkey).unwrap_or(mp);
            if othern0 != mp {
                // The colliding node is out of its main position: move it to the free node.
                let mut othern = othern0;
                while self.nodes[othern].next as usize != mp {
                    othern = self.nodes[othern].next as usize;
                }
                self.nodes[othern].next = n as i32;
                self.nodes[n] = self.nodes[mp];
                self.nodes[mp].next = -1;
                self.nodes[mp].val = Value::NIL;
            } else {
                // The colliding node is in its main position: the new key goes to the free node.
                self.nodes[n].next = self.nodes[mp].next;
                self.nodes[mp].next = n as i32;
                mp = n;
            }
        }
        self.nodes[mp].key = key;
        Some(mp)
    }

    fn num_use_array(&self, nums: &mut [usize; MAXBITS + 1]) -> usize {
        let mut ause = 0;
        let mut i = 1usize;
        let mut ttlg = 1usize;
        #[allow(clippy::needless_range_loop)]
        for lg in 0..=MAXBITS {
            let mut lc = 0;
            let mut lim = ttlg;
            if lim > self.array.len() {
                lim = self.array.len();
                if i > lim {
                    break;
                }
            }
            while i <= lim {
                if !self.array[i - 1].is_nil() {
                    lc += 1;
                }
                i += 1;
            }
            nums[lg] += lc;
            ause += lc;
            ttlg *= 2;
        }
        ause
    }

    fn count_int(key: Value, nums: &mut [usize; MAXBITS + 1]) -> usize {
        match arrayindex(key) {
            Some(k) if k > 0 && (k as usize) <= MAXASIZE => {
                nums[ceillog2(k as usize)] += 1;
                1
            }
            _ => 0,
        }
    }

    fn num_use_hash(&self, nums: &mut [usize; MAXBITS + 1], nasize: &mut usize) -> usize {
        let mut total = 0;
        let mut ause = 0;
        for nd in self.nodes.iter().rev() {
            if !nd.val.is_nil() {
                ause += Self::count_int(nd.key, nums);
                total += 1;
            }
        }
        *nasize += ause;
        total
    }

    fn compute_sizes(nums: &[usize; MAXBITS + 1], narray: &mut usize) -> usize {
        let mut a = 0;
        let mut na = 0;
        let mut n = 0;
        let mut twotoi = 1usize;
        let mut i = 0;
        while twotoi / 2 < *narray {
            if nums[i] > 0 {
                a += nums[i];
                if a > twotoi / 2 {
                    n = twotoi;
                    na = a;
                }
            }
            if a == *narray {
                break;
            }
            i += 1;
            twotoi *= 2;
        }
        *narray = n;
        na
    }

    fn rehash(&mut self, heap: &mut Heap, extra: Value) {
        let mut nums = [0usize; MAXBITS + 1];
        let mut nasize = self.num_use_array(&mut nums);
        let mut total = nasize;
        total += self.num_use_hash(&mut nums, &mut nasize);
        nasize += Self::count_int(extra, &mut nums);
        total += 1;
        let na = Self::compute_sizes(&nums, &mut nasize);
        self.resize(heap, nasize, total - na);
    }

    /// Resize both parts (Lua 5.1 `resize`), re-inserting entries in Lua's order.
    pub fn resize(&mut self, heap: &mut Heap, nasize: usize, nhsize: usize) {
        let before = self.buffer_bytes() as isize;
        let oldasize = self.array.len();
        if nasize > oldasize {
            self.array.resize(nasize, Value::NIL);
        }
        let old_nodes = std::mem::take(&mut self.nodes);
        self.set_node_vector(nhsize);
        if nasize < oldasize {
            let vanishing: Vec<Value> = self.array.drain(nasize..).collect();
            for (j, v) in vanishing.into_iter().enumerate() {
                if !v.is_nil() {
                    self.set_int(heap, (nasize + j + 1) as i64, v);
                }
            }
            self.array.shrink_to_fit();
        }
        for nd in old_nodes.iter().rev() {
            if !nd.val.is_nil() {
                // Keys from a valid table are never nil or NaN.
                let _ = self.set(heap, nd.key, nd.val);
            }
        }
        heap.account(self.buffer_bytes() as isize - before);
    }

    /// Grow the array part to at least `n` (Lua 5.1 `luaH_resizearray`, used by SETLIST).
    pub fn resize_array(&mut self, heap: &mut Heap, n: usize) {
        let nsize = self.nodes.len();
        self.resize(heap, n, nsize);
    }

    // -- Length and traversal --

    /// `#t` without metamethods: a border, found as Lua 5.1 finds it.
    pub fn len(&self) -> usize {
        let mut j = self.array.len();
        if j > 0 && self.array[j - 1].is_nil() {
            let mut i = 0;
            while j - i > 1 {
                let m = (i + j) / 2;
                if self.array[m - 1].is_nil() {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if self.nodes.is_empty() {
            return j;
        }
        // Unbound search in the hash part.
        let mut i = j;
        j += 1;
        while !self.get_int(j as i64).is_nil() {
            i = j;
            if j > (i32::MAX as usize) / 2 {
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return (k - 1) as usize;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    pub fn is_empty(&self) -> bool {
        self.array.iter().all(|v| v.is_nil()) && self.nodes.iter().all(|n| n.val.is_nil())
    }

    /// The entry after `key` in traversal order (array part, then nodes), or `Ok(None)` at the
    /// end. `Err` when `key` is not in the table ("invalid key to 'next'").
    #[allow(clippy::result_unit_err)]
    pub fn next(&self, key: Value) -> Result<Option<(Value, Value)>, ()> {
        let mut i = self.find_index(key)?;
        while i < self.array.len() {
            if !self.array[i].is_nil() {
                return Ok(Some((Value::number((i + 1) as f64), self.array[i])));
            }
            i += 1;
        }
        let mut j = i - self.array.len();
        while j < self.nodes.len() {
            let nd = &self.nodes[j];
            if !nd.val.is_nil() {
                return Ok(Some((nd.key, nd.val)));
            }
            j += 1;
        }
        Ok(None)
    }

    /// Index (array slots first, then nodes) just after `key`.
    fn find_index(&self, key: Value) -> Result<usize, ()> {
        if key.is_nil() {
            return Ok(0);
        }
        if let Some(i) = arrayindex(key) {
            if i > 0 && (i as usize) <= self.array.len() {
                return Ok(i as usize);
            }
        }
        match self.find_node(key) {
            Some(n) => Ok(self.array.len() + n + 1),
            None => Err(()),
        }
    }

    /// Number of hash nodes (for tests and diagnostics).
    pub fn hash_size(&self) -> usize {
        self.nodes.len()
    }

    // -- Weak tables --

    /// Weakness from the metatable's `__mode` (bit 0 = keys, bit 1 = values).
    pub fn weak_mode(&self, mode_key: Option<Gc<LuaStr>>) -> u8 {
        let (Some(mt), Some(mk)) = (self.meta, mode_key) else {
            return 0;
        };
        let Some(s) = mt.get_str(mk).as_string() else {
            return 0;
        };
        let b = s.as_bytes();
        (b.contains(&b'k') as u8) | ((b.contains(&b'v') as u8) << 1)
    }

    /// Drop the entries of a weak table whose key or value died. A value that is a userdata
    /// queued for (or past) finalization goes too, though the userdata itself is kept for
    /// its finalizer (Lua 5.1's `iscleared`: its `__gc` sees it gone from weak values, and a
    /// weak key stays until the userdata is really freed).
    pub(crate) fn clear_weak(&mut self, finalized: &dyn Fn(Value) -> bool) {
        let dead_val = |v: Value| is_dead_for_weak(v) || finalized(v);
        for v in &mut self.array {
            if dead_val(*v) {
                *v = Value::NIL;
            }
        }
        for nd in &mut self.nodes {
            if !nd.val.is_nil() && (is_dead_for_weak(nd.key) || dead_val(nd.val)) {
                nd.val = Value::NIL;
            }
        }
    }
}

impl Trace for Table {
    fn trace(&self, m: &mut Marker) {
        if let Some(mt) = self.meta {
            m.mark(mt);
        }
        let mode = self.weak_mode(m.mode_key);
        if mode != 0 {
            // SAFETY: we only need the table's identity to revisit it after marking; a Gc is
            // rebuilt from our own address, which is a live GcBox<Table>.
            let me: Gc<Table> = unsafe { Gc::from_header(m.current) };
            register_weak(m, me);
        }
        let weak_k = mode & 1 != 0;
        let weak_v = mode & 2 != 0;
        // Strings are values to weak tables (never cleared: `is_dead_for_weak`), so a weak
        // part still marks its strings; left unmarked they were freed under the entry.
        if !weak_v {
            m.mark_values(&self.array);
        } else {
            for &v in &self.array {
                if v.is_string() {
                    m.mark_value(v);
                }
            }
        }
        for nd in &self.nodes {
            if nd.val.is_nil() {
                continue;
            }
            if !weak_k || nd.key.is_string() {
                m.mark_value(nd.key);
            }
            if !weak_v || nd.val.is_string() {
                m.mark_value(nd.val);
            }
        }
    }
    fn extra_bytes(&self) -> usize {
        self.buffer_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: f64) -> Value {
        Value::number(n)
    }

    #[test]
    fn array_and_hash_round_trip() {
        let mut h = Heap::new();
        let mut t = Table::new(0, 0);
        for i in 1..=100 {
            t.set(&mut h, num(i as f64), num(i as f64 * 2.0)).unwrap();
        }
        assert_eq!(t.len(), 100);
        assert!(
            t.array.len() >= 64,
            "integer keys migrate to the array part"
        );
        let k = h.intern(b"name");
        t.set_str(&mut h, k, Value::TRUE);
        assert_eq!(t.get_str(k), Value::TRUE);
        assert_eq!(t.get(num(50.0)), num(100.0));
        assert_eq!(t.get(num(50.5)), Value::NIL);
        t.set(&mut h, num(2.5), num(1.0)).unwrap();
        assert_eq!(t.get(num(2.5)), num(1.0));
        assert_eq!(t.set(&mut h, Value::NIL, num(1.0)), Err(KeyError::Nil));
        assert_eq!(t.set(&mut h, num(f64::NAN), num(1.0)), Err(KeyError::NaN));
    }

    #[test]
    fn float_keys_normalise() {
        let mut h = Heap::new();
        let mut t = Table::new(0, 0);
        t.set(&mut h, num(1e300), num(1.0)).unwrap();
        t.set(&mut h, num(-0.0), num(7.0)).unwrap();
        assert_eq!(t.get(num(0.0)), num(7.0));
        assert_eq!(t.get_int(3), Value::NIL);
        t.set(&mut h, num(3.0), num(3.0)).unwrap();
        assert_eq!(t.get_int(3), num(3.0));
    }

    #[test]
    fn next_visits_everything_once_and_survives_clearing() {
        let mut h = Heap::new();
        let mut t = Table::new(0, 0);
        let mut keys = vec![];
        for i in 0..50 {
            let k = Value::string(h.intern(format!("k{i}").as_bytes()));
            keys.push(k);
            t.set(&mut h, k, num(i as f64)).unwrap();
            t.set(&mut h, num(i as f64 + 1.0), num(1.0)).unwrap();
        }
        let mut seen = 0;
        let mut k = Value::NIL;
        while let Some((nk, _)) = t.next(k).unwrap() {
            // Clearing the current key during traversal is allowed.
            t.set(&mut h, nk, Value::NIL).unwrap();
            seen += 1;
            k = nk;
        }
        assert_eq!(seen, 100);
        assert!(t.is_empty());
        let bogus = Value::string(h.intern(b"nope"));
        assert!(t.next(bogus).is_err());
    }

    #[test]
    fn border_with_holes_matches_lua51() {
        let mut h = Heap::new();
        // local t = {1, 2, nil, 4}  -> #t == 4 in Lua 5.1 (array part of size 4)
        let mut t = Table::new(4, 0);
        for (i, v) in [Some(1.0), Some(2.0), None, Some(4.0)].iter().enumerate() {
            if let Some(v) = v {
                t.set_int(&mut h, i as i64 + 1, num(*v));
            }
        }
        assert_eq!(t.len(), 4);
        // local t = {1, 2, nil}  -> array part of size 3, last nil: binary search gives 2
        let mut t = Table::new(3, 0);
        t.set_int(&mut h, 1, num(1.0));
        t.set_int(&mut h, 2, num(2.0));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn fb_encoding() {
        for x in 0..1000u32 {
            let r = fb2int(int2fb(x));
            assert!(r >= x, "{x} rounds up, got {r}");
        }
        assert_eq!(fb2int(int2fb(17)), 18);
        assert_eq!(fb2int(int2fb(7)), 7);
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use crate::gc::Heap;

    /// The offsets compiled code uses read the same words as the Rust accessors.
    #[test]
    fn layout_matches_fields() {
        let mut heap = Heap::new();
        let mut t = Table::new(4, 4);
        t.set_int(&mut heap, 1, Value::TRUE);
        let k = heap.intern(b"k");
        t.set_str(&mut heap, k, Value::FALSE);
        let g = heap.alloc(t);
        let l = Table::layout();
        let base = g.header() as *const u8;
        // SAFETY: offsets inside the live table's box, read as words.
        unsafe {
            let rd = |o: i32| *(base.add(o as usize) as *const usize);
            assert_eq!(rd(l.array_ptr), g.array.as_ptr() as usize);
            assert_eq!(rd(l.array_len), g.array.len());
            assert_eq!(rd(l.nodes_ptr), g.nodes.as_ptr() as usize);
            assert_eq!(rd(l.nodes_len), g.nodes.len());
            assert_eq!(rd(l.meta), 0);
        }
        assert_eq!(l.node_size, 24);
    }
}
