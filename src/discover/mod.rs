//! Finding what cargo compiles and what bindgen macros it calls, shared by `airssys-lint`,
//! `wit sync` and `--update`.
//!
//! - [`walk`] lists `.rs` files and manifests under a root (`.gitignore`, no `target/`).
//! - [`manifest`] reads a `Cargo.toml`: dependencies (renames, workspace inheritance),
//!   crate types and target declarations; [`package`] turns it into a host, guest or other
//!   package and tells which package a file belongs to.
//! - [`targets`] lists a package's crate roots as cargo does, and with [`modtree`] the files
//!   each reaches through `mod` items; files no target reaches are not compiled.
//! - [`file`](mod@file) reads one file (bounded, prefiltered) and [`syntax`] extracts its facts: the
//!   bindgen macro calls and their arguments, resolved through `use` items; [`tree`] reads
//!   every file of a tree in parallel and keeps those cargo compiles.
//! - [`absent`] tells why a path is absent from a checkout by design (gitignored, or in a
//!   git submodule not checked out).

pub mod absent;
pub mod file;
pub(crate) mod lexer;
pub mod manifest;
pub mod modtree;
pub mod package;
pub mod syntax;
pub mod targets;
pub mod tree;
pub mod walk;

pub use package::{Owners, Package};
