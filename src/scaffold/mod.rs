//! Code generators.

pub mod host_bindings;
