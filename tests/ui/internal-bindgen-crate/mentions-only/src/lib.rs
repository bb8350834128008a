//! Do not use `wasmtime_internal_wit_bindgen::Opts` directly.
pub const NOTE: &str = "wasmtime_internal_wit_bindgen::Opts";
