//! Name scopes (`use` aliases, globs, `macro_rules!`, re-exports of inline modules) and the
//! resolution of a path through them to the absolute paths it may stand for.
//!
//! Resolution is bounded: a glob is tried once per lookup, and what it yields is resolved
//! through aliases only, never through globs again. Expanding globs inside glob expansions
//! is exponential in the number of globs (four `use x::*;` and a few macro calls once took
//! minutes for one file) and finds nothing: a path a glob produced starts at the glob's
//! module, whose contents no single file shows.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use syn::{Item, UseTree};

use super::LinkTarget;

/// Longest alias chain followed (`use a as b; use b as c; ..`).
const MAX_CHAIN: u8 = 8;

#[derive(Default)]
pub(super) struct Scope {
    pub module: bool,
    /// `use a::b as c;` -> `c` => `[a, b]`. A leading `::` is kept as a `::` segment.
    pub aliases: HashMap<String, Vec<String>>,
    pub globs: Vec<Vec<String>>,
    pub macro_rules: HashSet<String>,
    /// Re-exports of inline child modules: `mod m { pub use wit_bindgen::generate; }` ->
    /// `m` => { `generate` => `[wit_bindgen, generate]` } (one level, for `m::generate!`).
    pub modules: HashMap<String, HashMap<String, Vec<String>>>,
    /// `let inst = linker.instance("..")?;` in this block. `None` marks a shadowing binding.
    pub bindings: HashMap<String, Option<(LinkTarget, Range<usize>)>>,
}

impl Scope {
    /// The names the items of a module or block bring into scope.
    pub fn of_items<'ast>(module: bool, items: impl Iterator<Item = &'ast Item>) -> Scope {
        let mut scope = Scope {
            module,
            ..Scope::default()
        };
        for item in items {
            match item {
                Item::Use(u) => add_use_tree(&mut scope, &u.tree, use_prefix(u)),
                Item::ExternCrate(e) => {
                    let name = e.ident.to_string();
                    let alias = e
                        .rename
                        .as_ref()
                        .map_or_else(|| name.clone(), |(_, r)| r.to_string());
                    if alias != "_" {
                        scope
                            .aliases
                            .insert(alias, vec!["::".to_string(), name.clone()]);
                    }
                    if e.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                        scope.globs.push(vec!["::".to_string(), name]);
                    }
                }
                Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                    if let Some(ident) = &m.ident {
                        scope.macro_rules.insert(ident.to_string());
                    }
                }
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        let reexports = reexports(items);
                        if !reexports.is_empty() {
                            scope.modules.insert(m.ident.to_string(), reexports);
                        }
                    }
                }
                _ => {}
            }
        }
        scope
    }
}

/// `pub use` aliases of an inline module that can be resolved from its parent.
fn reexports(items: &[Item]) -> HashMap<String, Vec<String>> {
    let mut child = Scope::default();
    for item in items {
        if let Item::Use(u) = item
            && !matches!(u.vis, syn::Visibility::Inherited)
        {
            add_use_tree(&mut child, &u.tree, use_prefix(u));
        }
    }
    // Targets relative to the child module cannot be resolved from its parent.
    child
        .aliases
        .retain(|_, t| !matches!(t.first().map(String::as_str), Some("self" | "super")));
    child.aliases
}

fn use_prefix(u: &syn::ItemUse) -> Vec<String> {
    if u.leading_colon.is_some() {
        vec!["::".to_string()]
    } else {
        Vec::new()
    }
}

fn add_use_tree(scope: &mut Scope, tree: &UseTree, mut prefix: Vec<String>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            add_use_tree(scope, &p.tree, prefix);
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last().cloned() {
                    scope.aliases.insert(last, prefix);
                }
            } else {
                prefix.push(name.clone());
                scope.aliases.insert(name, prefix);
            }
        }
        UseTree::Rename(r) => {
            let alias = r.rename.to_string();
            if alias == "_" {
                return;
            }
            let name = r.ident.to_string();
            if name != "self" {
                prefix.push(name);
            }
            scope.aliases.insert(alias, prefix);
        }
        UseTree::Glob(_) => scope.globs.push(prefix),
        UseTree::Group(g) => {
            for t in &g.items {
                add_use_tree(scope, t, prefix.clone());
            }
        }
    }
}

/// Root identifiers of a use tree (`use {a::b, c};` -> `a`, `c`).
pub(super) fn use_roots<'t>(tree: &'t UseTree, out: &mut Vec<&'t proc_macro2::Ident>) {
    match tree {
        UseTree::Path(p) => out.push(&p.ident),
        UseTree::Name(n) => out.push(&n.ident),
        UseTree::Rename(r) => out.push(&r.ident),
        UseTree::Glob(_) => {}
        UseTree::Group(g) => {
            for t in &g.items {
                use_roots(t, out);
            }
        }
    }
}

/// Index of the module scope `at` belongs to.
pub(super) fn module_of(scopes: &[Scope], at: usize) -> usize {
    (0..=at).rev().find(|&i| scopes[i].module).unwrap_or(0)
}

/// Candidate absolute paths for `path` as seen from scope `at` (the innermost scope when
/// `at` is the last index). Each candidate is produced once.
pub(super) fn resolve(scopes: &[Scope], at: usize, path: &[String]) -> Vec<Vec<String>> {
    let mut r = Resolver {
        scopes,
        seen: HashSet::new(),
        out: Vec::new(),
    };
    if !scopes.is_empty() {
        r.resolve(at, path, true, 0);
    }
    r.out
}

struct Resolver<'s> {
    scopes: &'s [Scope],
    /// (scope, path, globs allowed): each is resolved once.
    seen: HashSet<(usize, Vec<String>, bool)>,
    out: Vec<Vec<String>>,
}

impl Resolver<'_> {
    fn push(&mut self, path: Vec<String>) {
        if !self.out.contains(&path) {
            self.out.push(path);
        }
    }

    fn resolve(&mut self, at: usize, path: &[String], globs: bool, chain: u8) {
        if chain > MAX_CHAIN || path.is_empty() || !self.seen.insert((at, path.to_vec(), globs)) {
            return;
        }
        let scopes = self.scopes;
        let first = path[0].as_str();
        let rest = &path[1..];
        match first {
            "::" => self.push(rest.to_vec()),
            "crate" => self.in_module(0, rest, globs, chain),
            "self" => self.in_module(module_of(scopes, at), rest, globs, chain),
            "super" => {
                let m = module_of(scopes, at);
                if m > 0 {
                    self.in_module(module_of(scopes, m - 1), rest, globs, chain);
                }
            }
            ident => {
                let module = module_of(scopes, at);
                for i in (module..=at).rev() {
                    let scope = &scopes[i];
                    if path.len() == 1 && scope.macro_rules.contains(ident) {
                        return; // a local `macro_rules!` shadows everything else
                    }
                    if let Some(target) = scope.aliases.get(ident) {
                        let full = joined(target, rest);
                        if target.first().map(String::as_str) == Some(ident) {
                            // `use wasmtime::component;` refers to the extern crate itself.
                            self.push(full);
                        } else {
                            self.resolve(i, &full, globs, chain + 1);
                        }
                        return;
                    }
                }
                if let Some(second) = path.get(1) {
                    for i in (module..=at).rev() {
                        if let Some(target) =
                            scopes[i].modules.get(ident).and_then(|m| m.get(second))
                        {
                            self.resolve(i, &joined(target, &path[2..]), globs, chain + 1);
                            return;
                        }
                    }
                }
                self.push(path.to_vec());
                if globs {
                    for i in (module..=at).rev() {
                        for glob in &scopes[i].globs {
                            self.resolve(i, &joined(glob, path), false, chain + 1);
                        }
                    }
                }
            }
        }
    }

    fn in_module(&mut self, m: usize, path: &[String], globs: bool, chain: u8) {
        let Some(first) = path.first() else { return };
        let scope = &self.scopes[m];
        if let Some(target) = path
            .get(1)
            .and_then(|second| scope.modules.get(first)?.get(second))
        {
            self.resolve(m, &joined(target, &path[2..]), globs, chain + 1);
            return;
        }
        if let Some(target) = scope.aliases.get(first) {
            self.resolve(m, &joined(target, &path[1..]), globs, chain + 1);
        }
        if globs {
            for glob in &scope.globs {
                self.resolve(m, &joined(glob, path), false, chain + 1);
            }
        }
    }
}

fn joined(a: &[String], b: &[String]) -> Vec<String> {
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v
}
