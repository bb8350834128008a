//! Runs the generator behind wasmtime 48's `bindgen!` and parses its output.
