//! airssys-gen: scaffolding and linting for wasmtime component hosts and wit-bindgen guests.
//!
//! - [`wit`] loads a WIT package (a directory, a file, or the bundled `airssys:core`).
//! - [`scaffold`] writes host crates (`wasmtime::component::bindgen!`) and guest crates
//!   (`wit_bindgen::generate!`) whose stubs match what those macros expect.
//! - [`files`] writes generated trees atomically, refusing to overwrite without `--force`.
//! - [`discover`] finds packages, cargo targets, module trees and bindgen macro calls;
//!   [`diag`] and [`lint`] implement `airssys-lint` on top of it.
//! - [`drift`] compares two WIT packages semantically.
//! - [`sync`] finds the WIT copies bindgen macros read and keeps them in sync (`wit sync`);
//!   [`hook`] installs the git pre-commit hook that runs its check.

pub mod cmd;
pub mod diag;
pub mod discover;
pub mod drift;
pub mod files;
pub mod hook;
pub mod lint;
pub mod run;
pub mod scaffold;
pub mod sync;
#[cfg(test)]
mod test_support;
pub mod toolchain;
pub mod wit;
pub mod witdiff;
