//! Full userdata: an opaque Rust payload with a metatable and an environment.
use crate::gc::{Gc, Marker, Trace};
use crate::object::Table;
use std::any::Any;

pub struct Userdata {
    pub meta: Option<Gc<Table>>,
    pub env: Option<Gc<Table>>,
    pub data: Box<dyn Any>,
}

impl Trace for Userdata {
    fn trace(&self, m: &mut Marker) {
        if let Some(t) = self.meta {
            m.mark(t);
        }
        if let Some(t) = self.env {
            m.mark(t);
        }
    }
}
