use crate::object::{Function, LuaStr, Proto, StrTable, Table, Thread, Upval, Userdata};
use crate::value::Value;
use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// Which Rust type a `GcHeader` belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Str,
    Table,
    Function,
    Upval,
    Userdata,
    Thread,
    Proto,
}

/// Common header of every heap object; it is the first field of `GcBox` (`repr(C)`), so a
/// `*mut GcHeader` and a `*mut GcBox<T>` are the same address.
#[repr(C)]
pub struct GcHeader {
    next: Cell<*mut GcHeader>,
    marked: Cell<bool>,
    kind: Kind,
}

impl GcHeader {
    pub fn kind(&self) -> Kind {
        self.kind
    }
    pub fn is_marked(&self) -> bool {
        self.marked.get()
    }
}

/// Byte offset of the object inside its heap box: an object `Value` carries the box (header)
/// address, and compiled code adds this to reach the object's fields.
pub const fn value_offset<T>() -> usize {
    std::mem::offset_of!(GcBox<T>, value)
}

#[repr(C)]
pub struct GcBox<T> {
    header: GcHeader,
    value: T,
}

/// A pointer to a live heap object. `Copy`; it does not keep the object alive by itself.
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
    _p: PhantomData<*const T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}
impl<T> PartialEq for Gc<T> {
    fn eq(&self, o: &Self) -> bool {
        self.ptr == o.ptr
    }
}
impl<T> Eq for Gc<T> {}
impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

impl<T> Gc<T> {
    /// # Safety
    /// `h` must point at the header of a live `GcBox<T>` of exactly this `T`.
    #[inline(always)]
    pub unsafe fn from_header(h: *mut GcHeader) -> Gc<T> {
        Gc {
            // SAFETY: the caller guarantees `h` is a valid, non-null object pointer.
            ptr: unsafe { NonNull::new_unchecked(h as *mut GcBox<T>) },
            _p: PhantomData,
        }
    }
    #[inline(always)]
    pub fn header(self) -> *mut GcHeader {
        self.ptr.as_ptr() as *mut GcHeader
    }
    /// Raw pointer to the object; used by the JIT and by code that needs `&mut`.
    #[inline(always)]
    pub fn as_ptr(self) -> *mut T {
        // SAFETY: `ptr` points at a live GcBox<T>; taking a field address creates no reference.
        unsafe { &raw mut (*self.ptr.as_ptr()).value }
    }
    /// Shared access.
    #[inline(always)]
    pub fn inner<'a>(self) -> &'a T {
        // SAFETY: objects are only freed by `Heap::collect` at safepoints, when no Rust
        // reference derived from a `Gc` is live (the VM drops them before reaching one). The VM is
        // single-threaded, and mutation goes through `get_mut`, whose callers keep their
        // exclusive borrow short and never overlapping with a shared one to the same object.
        unsafe { &(*self.ptr.as_ptr()).value }
    }
    /// Exclusive access.
    ///
    /// # Safety
    /// No other reference to this object may be live while the result is used.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get_mut<'a>(self) -> &'a mut T {
        // SAFETY: liveness as in `get`; exclusivity is the caller's obligation.
        unsafe { &mut (*self.ptr.as_ptr()).value }
    }
    pub fn ptr_eq(a: Gc<T>, b: Gc<T>) -> bool {
        a.ptr == b.ptr
    }
    /// Address, for `tostring` and hashing.
    pub fn addr(self) -> usize {
        self.ptr.as_ptr() as usize
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        self.inner()
    }
}

/// Types that can hold references to heap objects.
pub trait Trace {
    /// Report every `Value`/`Gc` this object references to the marker.
    fn trace(&self, m: &mut Marker);
    /// Bytes owned outside the `GcBox` (buffers), for pacing and `collectgarbage("count")`.
    fn extra_bytes(&self) -> usize {
        0
    }
}

/// The mark phase's gray worklist.
pub struct Marker {
    gray: Vec<*mut GcHeader>,
    /// Tables with weak keys or values, visited after marking to clear dead entries.
    pub(crate) weak: Vec<Gc<Table>>,
    /// The interned `"__mode"`, so tables can find their weakness while being traced.
    pub(crate) mode_key: Option<Gc<LuaStr>>,
    /// The object being traced.
    pub(crate) current: *mut GcHeader,
}

impl Marker {
    /// Mark an object header. `h` must come from a live value or `Gc` (the only way callers
    /// obtain headers), which is why this is safe to call.
    #[inline]
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn mark_header(&mut self, h: *mut GcHeader) {
        // SAFETY: every header handed to the marker comes from a live value or Gc.
        let hd = unsafe { &*h };
        if !hd.marked.get() {
            hd.marked.set(true);
            if hd.kind != Kind::Str {
                self.gray.push(h);
            }
        }
    }
    #[inline]
    pub fn mark_value(&mut self, v: Value) {
        if let Some(h) = v.as_header() {
            self.mark_header(h);
        }
    }
    #[inline]
    pub fn mark<T>(&mut self, g: Gc<T>) {
        self.mark_header(g.header());
    }
    pub fn mark_values(&mut self, vs: &[Value]) {
        for &v in vs {
            self.mark_value(v);
        }
    }
}

/// Is this value an object that was not marked (i.e. is about to be freed)? Strings are never
/// considered dead for weak tables (Lua 5.1 treats them as values).
pub(crate) fn is_dead_for_weak(v: Value) -> bool {
    match v.as_header() {
        Some(h) => {
            // SAFETY: values in a table being traced point at objects still allocated (nothing
            // is freed before sweep).
            let hd = unsafe { &*h };
            hd.kind != Kind::Str && !hd.marked.get()
        }
        None => false,
    }
}

/// Default pause: collect when the heap has grown to 200% of the live size after the last cycle.
pub const DEFAULT_PAUSE: usize = 200;
pub const DEFAULT_STEPMUL: usize = 200;
const MIN_THRESHOLD: usize = 256 * 1024;

pub struct Heap {
    objects: *mut GcHeader,
    /// Bytes currently allocated (estimate, including owned buffers).
    bytes: usize,
    threshold: usize,
    pub pause: usize,
    pub stepmul: usize,
    /// Collect at every safepoint.
    pub stress: bool,
    /// Collection is stopped (`collectgarbage("stop")`).
    pub stopped: bool,
    /// Work credited by `collectgarbage("step")` since the last collection (bytes; a cycle
    /// runs when it reaches the heap's size).
    pub step_work: usize,
    pub strings: StrTable,
    /// Number of completed collections (for tests and stats).
    pub cycles: u64,
    /// Optional limit on `bytes`; allocation beyond it is reported by `over_limit`.
    pub limit: Option<usize>,
    /// The interned `"__mode"` (set by the VM); without it no table is weak.
    pub mode_key: Option<Gc<LuaStr>>,
    /// The interned `"__gc"` (set by the VM); without it no userdata is finalized.
    pub gc_key: Option<Gc<LuaStr>>,
    /// Dead userdata whose `__gc` must run (kept alive until then), newest first.
    pub to_finalize: Vec<Gc<Userdata>>,
    /// Addresses of userdata already queued for finalization (never finalized twice).
    finalized: std::collections::HashSet<usize>,
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            objects: std::ptr::null_mut(),
            bytes: 0,
            threshold: MIN_THRESHOLD,
            pause: DEFAULT_PAUSE,
            stepmul: DEFAULT_STEPMUL,
            stress: false,
            stopped: false,
            step_work: 0,
            strings: StrTable::new(),
            cycles: 0,
            limit: None,
            mode_key: None,
            gc_key: None,
            to_finalize: Vec::new(),
            finalized: std::collections::HashSet::new(),
        }
    }

    /// Allocate a new object. It is not rooted: the caller must store it somewhere reachable
    /// before the next safepoint.
    pub fn alloc<T: HeapObject>(&mut self, value: T) -> Gc<T> {
        let size = std::mem::size_of::<GcBox<T>>() + value.extra_bytes();
        let b = Box::new(GcBox {
            header: GcHeader {
                next: Cell::new(self.objects),
                marked: Cell::new(false),
                kind: T::KIND,
            },
            value,
        });
        let p = Box::into_raw(b);
        self.objects = p as *mut GcHeader;
        self.bytes += size;
        // SAFETY: `p` was just produced by Box::into_raw for a GcBox<T>.
        unsafe { Gc::from_header(p as *mut GcHeader) }
    }

    /// Account for buffer growth (`delta` may be negative) of an existing object.
    #[inline]
    pub fn account(&mut self, delta: isize) {
        self.bytes = (self.bytes as isize + delta).max(0) as usize;
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }
    pub fn threshold(&self) -> usize {
        self.threshold
    }
    pub fn set_threshold(&mut self, t: usize) {
        self.threshold = t;
    }

    /// Is a collection due at this safepoint?
    #[inline(always)]
    pub fn should_collect(&self) -> bool {
        (self.bytes >= self.threshold || self.stress) && !self.stopped
    }

    pub fn over_limit(&self) -> bool {
        matches!(self.limit, Some(l) if self.bytes > l)
    }

    /// Run a full collection. `roots` marks every root; the heap then traces, clears weak tables,
    /// sweeps dead strings from the intern table and frees unmarked objects.
    pub fn collect(&mut self, roots: impl FnOnce(&mut Marker)) {
        let mut m = Marker {
            gray: Vec::with_capacity(256),
            weak: Vec::new(),
            mode_key: self.mode_key,
            current: std::ptr::null_mut(),
        };
        roots(&mut m);
        self.strings.mark_fixed(&mut m);
        while let Some(h) = m.gray.pop() {
            m.current = h;
            trace_object(h, &mut m);
        }
        // Userdata with a `__gc` metamethod that died are resurrected until their finalizer has
        // run (once): queue them, newest first (Lua 5.1 runs finalizers in reverse order of
        // creation), and mark what they reference.
        if let Some(gc_key) = self.gc_key {
            let mut cur = self.objects;
            while !cur.is_null() {
                // SAFETY: list element, allocated.
                let hd = unsafe { &*cur };
                if hd.kind == Kind::Userdata
                    && !hd.marked.get()
                    && !self.finalized.contains(&(cur as usize))
                {
                    // SAFETY: the kind says this is a GcBox<Userdata>.
                    let u: Gc<Userdata> = unsafe { Gc::from_header(cur) };
                    if u.meta.is_some_and(|mt| !mt.get_str(gc_key).is_nil()) {
                        self.finalized.insert(cur as usize);
                        self.to_finalize.push(u);
                        m.mark_header(cur);
                    }
                }
                cur = hd.next.get();
            }
            while let Some(h) = m.gray.pop() {
                m.current = h;
                trace_object(h, &mut m);
            }
        }
        // Weak tables: drop entries whose key or value died.
        let finalized = &self.finalized;
        let is_finalized = |v: Value| {
            v.as_userdata()
                .is_some_and(|u| finalized.contains(&(u.header() as usize)))
        };
        for t in std::mem::take(&mut m.weak) {
            // SAFETY: `t` is marked (it was traced), so alive; no other reference is live here.
            unsafe { t.get_mut() }.clear_weak(&is_finalized);
        }
        self.strings.sweep();
        // Sweep.
        let mut live = 0usize;
        let mut prev: *mut GcHeader = std::ptr::null_mut();
        let mut cur = self.objects;
        while !cur.is_null() {
            // SAFETY: `cur` is an element of the object list, all of which are allocated.
            let hd = unsafe { &*cur };
            let next = hd.next.get();
            if hd.marked.get() {
                hd.marked.set(false);
                live += object_size(cur);
                prev = cur;
            } else {
                // Only userdata are ever queued (and hashing every freed object's address
                // cost binary-trees 4% of its instructions).
                if hd.kind == Kind::Userdata && !self.finalized.is_empty() {
                    self.finalized.remove(&(cur as usize));
                }
                if prev.is_null() {
                    self.objects = next;
                } else {
                    // SAFETY: `prev` is a live element of the list.
                    unsafe { &*prev }.next.set(next);
                }
                // SAFETY: `cur` is unreachable (unmarked), unlinked above, and was allocated as
                // the GcBox type its kind names.
                unsafe { free_object(cur) };
            }
            cur = next;
        }
        self.bytes = live;
        let base = live.max(MIN_THRESHOLD / 2);
        self.threshold = (base / 100).saturating_mul(self.pause).max(MIN_THRESHOLD);
        if let Some(l) = self.limit {
            // Check the limit at the next safepoint past it.
            self.threshold = self.threshold.min(l.max(live + 1));
        }
        self.cycles += 1;
    }

    /// Free everything (the VM is being dropped).
    pub fn free_all(&mut self) {
        let mut cur = self.objects;
        self.objects = std::ptr::null_mut();
        while !cur.is_null() {
            // SAFETY: list element, allocated.
            let next = unsafe { &*cur }.next.get();
            // SAFETY: the whole heap is being torn down; nothing will use these objects again.
            unsafe { free_object(cur) };
            cur = next;
        }
        self.strings.clear();
        self.bytes = 0;
    }

    /// Every live userdata whose metatable has the field `key`, newest first.
    pub fn userdata_with_meta(&self, key: Gc<LuaStr>) -> Vec<Gc<Userdata>> {
        let mut out = Vec::new();
        let mut cur = self.objects;
        while !cur.is_null() {
            // SAFETY: list element, allocated.
            let hd = unsafe { &*cur };
            if hd.kind == Kind::Userdata && !self.finalized.contains(&(cur as usize)) {
                // SAFETY: the kind says this is a GcBox<Userdata>.
                let u: Gc<Userdata> = unsafe { Gc::from_header(cur) };
                if u.meta.is_some_and(|mt| !mt.get_str(key).is_nil()) {
                    out.push(u);
                }
            }
            cur = hd.next.get();
        }
        out
    }

    /// Number of objects (walks the list; for tests).
    pub fn object_count(&self) -> usize {
        let mut n = 0;
        let mut cur = self.objects;
        while !cur.is_null() {
            n += 1;
            // SAFETY: list element, allocated.
            cur = unsafe { &*cur }.next.get();
        }
        n
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        self.free_all();
    }
}

/// Implemented by every type that lives in a `GcBox`.
pub trait HeapObject: Trace + Sized {
    const KIND: Kind;
}

macro_rules! heap_objects {
    ($($t:ty => $k:ident),*) => {
        $(impl HeapObject for $t { const KIND: Kind = Kind::$k; })*

        fn trace_object(h: *mut GcHeader, m: &mut Marker) {
            // SAFETY: `h` is a marked live object; its kind names its concrete type.
            unsafe {
                match (*h).kind {
                    $(Kind::$k => Gc::<$t>::from_header(h).inner().trace(m),)*
                }
            }
        }

        fn object_size(h: *mut GcHeader) -> usize {
            // SAFETY: as in `trace_object`.
            unsafe {
                match (*h).kind {
                    $(Kind::$k => std::mem::size_of::<GcBox<$t>>() + Gc::<$t>::from_header(h).inner().extra_bytes(),)*
                }
            }
        }

        /// # Safety
        /// `h` must be an unlinked object allocated by `Heap::alloc` that nothing references.
        unsafe fn free_object(h: *mut GcHeader) {
            // SAFETY: the caller guarantees `h` came from Box::into_raw of the GcBox type named
            // by its kind and is no longer used.
            unsafe {
                match (*h).kind {
                    $(Kind::$k => drop(Box::from_raw(h as *mut GcBox<$t>)),)*
                }
            }
        }
    };
}

heap_objects!(
    LuaStr => Str,
    Table => Table,
    Function => Function,
    Upval => Upval,
    Userdata => Userdata,
    Thread => Thread,
    Proto => Proto
);

/// Tables call this from `trace` when they have weak parts.
pub(crate) fn register_weak(m: &mut Marker, t: Gc<Table>) {
    m.weak.push(t);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::{Table, Thread, Userdata};
    use crate::value::{Type, Value};

    #[test]
    fn every_object_type_boxes_and_unboxes() {
        let mut h = Heap::new();
        let s = h.intern(b"str");
        let t = h.alloc(Table::new(0, 0));
        let th = h.alloc(Thread::new(8));
        let u = h.alloc(Userdata {
            meta: None,
            env: None,
            data: Box::new(5u32),
        });
        let cases = [
            (Value::string(s), Type::String),
            (Value::table(t), Type::Table),
            (Value::thread(th), Type::Thread),
            (Value::userdata(u), Type::Userdata),
        ];
        for (v, ty) in cases {
            assert_eq!(v.type_of(), ty);
            assert!(v.is_object() && !v.is_number() && !v.is_nil() && v.is_truthy());
        }
        assert_eq!(Value::string(s).as_string(), Some(s));
        assert_eq!(Value::table(t).as_table(), Some(t));
        assert_eq!(Value::thread(th).as_thread(), Some(th));
        assert_eq!(Value::userdata(u).as_userdata(), Some(u));
        assert_eq!(Value::table(t).as_string(), None);
        assert_eq!(Value::number(1.0).as_table(), None);
    }

    #[test]
    fn deep_structures_do_not_overflow_the_marker() {
        // A million-long chain of tables, each holding the next: marking is iterative.
        let mut h = Heap::new();
        let root = h.alloc(Table::new(1, 0));
        let mut cur = root;
        for _ in 0..1_000_000 {
            let next = h.alloc(Table::new(1, 0));
            // SAFETY: `cur` is only referenced here.
            unsafe { cur.get_mut() }.set_int(&mut h, 1, Value::table(next));
            cur = next;
        }
        let garbage = h.alloc(Table::new(0, 0));
        let _ = garbage;
        h.collect(|m| m.mark(root));
        assert_eq!(h.object_count(), 1_000_001);
        h.collect(|_| {});
        assert_eq!(h.object_count(), 0);
        assert_eq!(h.bytes(), 0);
    }

    #[test]
    fn weak_values_are_cleared_but_strings_stay() {
        let mut h = Heap::new();
        let mode = h.intern(b"__mode");
        h.mode_key = Some(mode);
        let mt = h.alloc(Table::new(0, 1));
        let v = h.intern(b"v");
        // SAFETY: fresh objects, no other references.
        unsafe { mt.get_mut() }.set_str(&mut h, mode, Value::string(v));
        let weak = h.alloc(Table::new(0, 0));
        // SAFETY: as above.
        unsafe { weak.get_mut() }.meta = Some(mt);
        let dead = h.alloc(Table::new(0, 0));
        let kept = h.alloc(Table::new(0, 0));
        let s = h.intern(b"a string");
        // SAFETY: as above.
        let w = unsafe { weak.get_mut() };
        w.set_int(&mut h, 1, Value::table(dead));
        w.set_int(&mut h, 2, Value::table(kept));
        w.set_int(&mut h, 3, Value::string(s));
        // A string key in a weak-keyed part stays too (the same table, mode "kv").
        let sk = h.intern(b"a key");
        w.set_str(&mut h, sk, Value::TRUE);
        let kv = h.intern(b"kv");
        // SAFETY: as above.
        unsafe { mt.get_mut() }.set_str(&mut h, mode, Value::string(kv));
        let before = h.object_count();
        h.collect(|m| {
            m.mark(weak);
            m.mark(kept);
            m.mark(mode);
        });
        assert!(weak.get_int(1).is_nil(), "unreachable value cleared");
        assert_eq!(weak.get_int(2), Value::table(kept));
        assert_eq!(weak.get_int(3), Value::string(s), "strings are not weak");
        assert_eq!(weak.get_str(sk), Value::TRUE, "string keys are not weak");
        // Freed: the dead table and "v" (no longer the mode). Everything else, the two
        // strings in the weak table included, must still be allocated (they were freed
        // under their entries before strings in weak parts were marked).
        let freed = before - h.object_count();
        assert_eq!(
            freed, 2,
            "only the dead table and the replaced mode string \"v\" go"
        );
    }

    #[test]
    fn pacing_sets_a_threshold_above_live_data() {
        let mut h = Heap::new();
        let keep = h.alloc(Table::new(100_000, 0));
        h.collect(|m| m.mark(keep));
        assert!(h.threshold() + 200 >= h.bytes() * 2, "pause 200 doubles");
        assert!(!h.should_collect());
        h.stress = true;
        assert!(h.should_collect());
        h.stopped = true;
        assert!(!h.should_collect());
    }
}
