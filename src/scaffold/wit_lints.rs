//! Clippy style lints that names and shapes dictated by the WIT trip in generated code: a
//! function with more than seven parameters (`too_many_arguments`), an item or parameter
//! named `foo`, `baz` or `quux` (`disallowed_names`, clippy's default list), a resource like
//! `a-b-c` whose Rust name is all capitals (`upper_case_acronyms`). A crate that must pass
//! `-D warnings` allows exactly the ones its world needs, with a comment saying why.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use wit_parser::{Resolve, TypeDefKind, WorldId, WorldItem};

/// Clippy's default `disallowed-names`.
const DISALLOWED: [&str; 3] = ["foo", "baz", "quux"];
/// Clippy's default `too-many-arguments-threshold` is 7 arguments, and generated methods add
/// up to two to a WIT function's parameters (wasmtime's `call_f(&self, store, ..)`; a host
/// trait's `&mut self`): from six WIT parameters on, some generated function has too many.
const MAX_PARAMS: usize = 5;

/// The lints the world's names and shapes trip, sorted.
pub fn needed(resolve: &Resolve, world: WorldId) -> Vec<&'static str> {
    let mut lints = BTreeSet::new();
    let mut name = |n: &str| {
        if DISALLOWED.contains(&n.replace('-', "_").as_str()) {
            lints.insert("clippy::disallowed_names");
        }
    };
    let w = &resolve.worlds[world];
    name(&w.name);
    let mut resources: Vec<&str> = Vec::new();
    for (key, item) in w.imports.iter().chain(&w.exports) {
        name(&resolve.name_world_key(key));
        match item {
            WorldItem::Function(_) => {}
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                if let Some(n) = &iface.name {
                    name(n);
                }
                for (n, ty) in &iface.types {
                    name(n);
                    if matches!(resolve.types[*ty].kind, TypeDefKind::Resource) {
                        resources.push(n);
                    }
                }
            }
            WorldItem::Type { id, .. } => {
                if let Some(n) = &resolve.types[*id].name {
                    name(n);
                    if matches!(resolve.types[*id].kind, TypeDefKind::Resource) {
                        resources.push(n);
                    }
                }
            }
        }
    }
    let funcs = super::world_functions(resolve, world);
    for (_, f) in &funcs {
        name(&f.name);
        for p in &f.params {
            name(&p.name);
        }
    }
    if funcs.iter().any(|(_, f)| f.params.len() > MAX_PARAMS) {
        lints.insert("clippy::too_many_arguments");
    }
    // `upper_case_acronyms` (default mode) flags an identifier that is all capitals.
    if resources.iter().any(|r| {
        let camel = r.to_upper_camel_case();
        camel.len() > 1
            && camel
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }) {
        lints.insert("clippy::upper_case_acronyms");
    }
    lints.into_iter().collect()
}

/// An inner `#![allow(..)]` with its reason, or nothing when no lint is needed.
pub fn allow_attribute(lints: &[&str]) -> String {
    if lints.is_empty() {
        return String::new();
    }
    format!(
        "// Names and shapes from the WIT (a parameter list, `foo`, a resource `a-b-c` -> `ABC`)\n// trip these clippy style lints; they are the WIT's to change, not this crate's.\n#![allow({})]\n",
        lints.join(", ")
    )
}

/// A file header followed by the allowance, if any.
pub fn with_allow(header: &str, allow: &str) -> String {
    if allow.is_empty() {
        header.to_string()
    } else {
        format!("{header}\n{allow}")
    }
}
