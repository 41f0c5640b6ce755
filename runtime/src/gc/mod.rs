//! The garbage-collected heap: a precise, non-moving mark-sweep collector.
//!
//! Invariants:
//! - Every object is a `GcBox<T>` allocated with `Box` and linked into `Heap::objects`.
//! - Objects never move, so a `Gc<T>` (a raw pointer) stays valid for as long as the object is
//!   reachable from the roots.
//! - Collection happens only at *safepoints* chosen by the interpreter (`Heap::should_collect`
//!   then `Heap::collect`), where every live value is in a root: a coroutine's value stack, the
//!   globals, the registry, or an object reachable from them. Native functions may therefore hold
//!   `Value`s in Rust locals between safepoints.
//! - Marking uses an explicit gray worklist, so deep structures cannot overflow the Rust stack.
//!
//! Pacing is Lua-like: after a collection the threshold is `live * pause / 100`; allocation adds
//! to `bytes`, and a collection is due when `bytes >= threshold`. In stress mode every safepoint
//! collects.

mod heap;
pub(crate) use heap::{is_dead_for_weak, register_weak};
pub use heap::{value_offset, Gc, GcBox, GcHeader, Heap, HeapObject, Kind, Marker, Trace};
