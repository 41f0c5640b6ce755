//! Interned byte strings.
//!
//! Every string is interned, so string equality (and table lookup by string key) is pointer
//! equality. The hash is Lua 5.1's (`luaS_hash`), so hash-part layouts and therefore `next`
//! order match the reference implementation for string keys.

use crate::gc::{Gc, GcHeader, Heap, Marker, Trace};

pub struct LuaStr {
    hash: u32,
    data: Box<[u8]>,
}

impl LuaStr {
    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }
    #[inline(always)]
    pub fn hash(&self) -> u32 {
        self.hash
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.data.len()
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// Lossy UTF-8 view, for messages.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.data)
    }
}

impl Trace for LuaStr {
    fn trace(&self, _m: &mut Marker) {}
    fn extra_bytes(&self) -> usize {
        self.data.len() + 1
    }
}

/// Lua 5.1's string hash: seeded with the length, sampling at most ~32 characters.
pub fn lua_hash(s: &[u8]) -> u32 {
    let l = s.len();
    let mut h = l as u32;
    let step = (l >> 5) + 1;
    let mut l1 = l;
    while l1 >= step {
        h ^= (h << 5).wrapping_add(h >> 2).wrapping_add(s[l1 - 1] as u32);
        l1 -= step;
    }
    h
}

/// The intern table: a chained hash set of all live strings.
pub struct StrTable {
    buckets: Vec<Vec<Gc<LuaStr>>>,
    count: usize,
    /// Strings that are never collected (metamethod names and other VM constants).
    fixed: Vec<Gc<LuaStr>>,
}

impl Default for StrTable {
    fn default() -> Self {
        Self::new()
    }
}

impl StrTable {
    pub fn new() -> StrTable {
        StrTable {
            buckets: vec![Vec::new(); 64],
            count: 0,
            fixed: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub(crate) fn find(&self, s: &[u8], h: u32) -> Option<Gc<LuaStr>> {
        let b = &self.buckets[h as usize & (self.buckets.len() - 1)];
        b.iter().copied().find(|g| g.hash == h && &*g.data == s)
    }

    fn insert(&mut self, g: Gc<LuaStr>) {
        if self.count >= self.buckets.len() {
            let n = self.buckets.len() * 2;
            let mut nb: Vec<Vec<Gc<LuaStr>>> = vec![Vec::new(); n];
            for b in self.buckets.drain(..) {
                for g in b {
                    nb[g.hash as usize & (n - 1)].push(g);
                }
            }
            self.buckets = nb;
        }
        let n = self.buckets.len();
        self.buckets[g.hash as usize & (n - 1)].push(g);
        self.count += 1;
    }

    pub(crate) fn mark_fixed(&self, m: &mut Marker) {
        for &g in &self.fixed {
            m.mark(g);
        }
    }

    pub fn fix(&mut self, g: Gc<LuaStr>) {
        self.fixed.push(g);
    }

    /// Remove strings that were not marked in this cycle (they are freed by the heap sweep).
    pub(crate) fn sweep(&mut self) {
        let mut removed = 0;
        for b in &mut self.buckets {
            b.retain(|g| {
                // SAFETY: strings in the table are allocated until the heap sweep that follows.
                let alive = unsafe { &*(g.header() as *const GcHeader) }.is_marked();
                if !alive {
                    removed += 1;
                }
                alive
            });
        }
        self.count -= removed;
        if self.buckets.len() > 64 && self.count < self.buckets.len() / 4 {
            let n = (self.buckets.len() / 2).max(64);
            let mut nb: Vec<Vec<Gc<LuaStr>>> = vec![Vec::new(); n];
            for b in self.buckets.drain(..) {
                for g in b {
                    nb[g.hash as usize & (n - 1)].push(g);
                }
            }
            self.buckets = nb;
        }
    }

    pub(crate) fn clear(&mut self) {
        self.buckets = vec![Vec::new(); 64];
        self.count = 0;
        self.fixed.clear();
    }
}

impl Heap {
    /// The interned string with these bytes, allocating it if new.
    pub fn intern(&mut self, s: &[u8]) -> Gc<LuaStr> {
        let h = lua_hash(s);
        if let Some(g) = self.strings.find(s, h) {
            return g;
        }
        let g = self.alloc(LuaStr {
            hash: h,
            data: s.into(),
        });
        self.strings.insert(g);
        g
    }
    /// Like `intern`, taking ownership of a buffer (no copy when new).
    pub fn intern_owned(&mut self, s: Vec<u8>) -> Gc<LuaStr> {
        let h = lua_hash(&s);
        if let Some(g) = self.strings.find(&s, h) {
            return g;
        }
        let g = self.alloc(LuaStr {
            hash: h,
            data: s.into_boxed_slice(),
        });
        self.strings.insert(g);
        g
    }
    pub fn intern_fixed(&mut self, s: &str) -> Gc<LuaStr> {
        let g = self.intern(s.as_bytes());
        self.strings.fix(g);
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn interning_gives_identity() {
        let mut h = Heap::new();
        let a = h.intern(b"hello");
        let b = h.intern_owned(b"hello".to_vec());
        let c = h.intern(b"hellp");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(Value::string(a), Value::string(b));
        let z = h.intern(b"a\0b");
        assert_eq!(z.as_bytes(), b"a\0b");
        assert_eq!(z.len(), 3);
    }

    #[test]
    fn unreachable_strings_are_collected_and_reinterned() {
        let mut h = Heap::new();
        let keep = h.intern(b"keep");
        for i in 0..1000 {
            h.intern(format!("tmp{i}").as_bytes());
        }
        assert!(h.strings.len() >= 1001);
        h.collect(|m| m.mark(keep));
        assert_eq!(h.strings.len(), 1);
        assert_eq!(h.object_count(), 1);
        let again = h.intern(b"keep");
        assert_eq!(again, keep);
        let fresh = h.intern(b"tmp5");
        assert_eq!(fresh.as_bytes(), b"tmp5");
    }

    #[test]
    fn hash_matches_lua51() {
        // Values computed with Lua 5.1's luaS_hash algorithm.
        assert_eq!(lua_hash(b""), 0);
        assert_eq!(lua_hash(b"a"), 1 ^ (32 + 97));
        let long = vec![b'x'; 100];
        let _ = lua_hash(&long); // samples with a step of 4; must not panic
    }
}
