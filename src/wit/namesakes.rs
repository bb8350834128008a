//! Packages that share a name without being copies of one package. When no host crate reads
//! any of them, nothing says they should agree, and two shapes say they should not:
//!
//! - they share no world: each guest's own package under a common name, as test fixtures
//!   often are (golem's `golem:cmtest`, one world per test component);
//! - their own files are the same and their deps manifests declare different dependencies:
//!   wrpc's examples fetch `hello` from `wit/hello` or `wit/hello-rpc` with wit-deps. A stale
//!   fetch under one declaration is still a difference.
//!
//! Neither the lint's `wit-drift` nor `wit sync` compares such a group unless told which
//! copy is canonical.
//!
//! With a host, a copy can still belong to another system ([`other_system`]): a repository
//! of independent experiments, each a cargo workspace with its own host and guests.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::WitPackage;

/// A copy of a package: its directory, parse and token form ([`super::tokens::token_form`]).
pub struct Namesake<'a> {
    pub dir: &'a Path,
    pub pkg: &'a WitPackage,
    pub form: &'a BTreeMap<&'a Path, Vec<u8>>,
}

/// A crate that reads a copy, as [`other_system`] sees it.
pub struct CopyReader<'a> {
    /// The crate's cargo workspace.
    pub workspace: &'a Path,
    /// That workspace holds a host crate.
    pub workspace_has_host: bool,
    /// The crate itself is a host.
    pub host: bool,
}

/// Whether a copy with these `readers` belongs to another system than the host's copy,
/// whose readers are in `canon_workspaces`: every reader is a guest in a workspace that
/// has a host of its own and that no reader of the host's copy is in. Guests in a
/// workspace without a host (spin's, wasmCloud's test components) are the host's.
pub fn other_system<'a>(
    readers: impl IntoIterator<Item = CopyReader<'a>>,
    canon_workspaces: &[&Path],
) -> bool {
    let mut readers = readers.into_iter().peekable();
    readers.peek().is_some()
        && readers
            .all(|r| !r.host && r.workspace_has_host && !canon_workspaces.contains(&r.workspace))
}

/// Why the copies are not copies of one package, if they are not.
pub fn not_copies(copies: &[Namesake<'_>]) -> Option<&'static str> {
    if copies.len() < 2 {
        return None;
    }
    if share_no_world(copies) {
        Some("share no world (each is its reader's own package under a common name)")
    } else if deps_chosen_differently(copies) {
        Some("have the same files and differ in the dependencies their deps manifests declare")
    } else {
        None
    }
}

/// Every copy defines worlds and no two copies define one of the same name.
fn share_no_world(copies: &[Namesake<'_>]) -> bool {
    let mut seen = HashSet::new();
    copies.iter().all(|c| {
        let worlds = &c.pkg.resolve.packages[c.pkg.package].worlds;
        !worlds.is_empty() && worlds.keys().all(|w| seen.insert(w.as_str()))
    })
}

/// The copies' own files (not `deps/`) are the same in tokens and their deps manifests
/// (wit-deps' `deps.toml`, `wkg.toml`) are not.
fn deps_chosen_differently(copies: &[Namesake<'_>]) -> bool {
    fn own<'f>(
        form: &'f BTreeMap<&Path, Vec<u8>>,
    ) -> impl Iterator<Item = (&'f &'f Path, &'f Vec<u8>)> {
        form.iter().filter(|(p, _)| p.components().count() == 1)
    }
    let declared: Option<Vec<String>> = copies
        .iter()
        .map(|c| super::fetched::declared_deps(c.dir))
        .collect();
    declared.is_some_and(|d| d.iter().any(|t| *t != d[0]))
        && copies.iter().all(|c| own(c.form).eq(own(copies[0].form)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::write_tree;
    use crate::wit::WitSource;

    fn load(dir: &Path) -> WitPackage {
        WitPackage::load(&WitSource::Path(dir.to_path_buf())).unwrap()
    }

    #[test]
    fn tells_namesakes_from_copies() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = |n: &str| tmp.path().join(n);
        let hello = |result: &str| {
            format!(
                "package demo:hello;\ninterface h {{ hi: func() -> {result}; }}\nworld server {{ export h; }}\n"
            )
        };
        let root = "package demo:app;\nworld app { include demo:hello/server; }\n";
        write_tree(
            &dir("one"),
            &[(
                "a.wit",
                "package demo:x;\nworld one { export f: func(); }\n",
            )],
        );
        write_tree(
            &dir("two"),
            &[(
                "a.wit",
                "package demo:x;\nworld two { export f: func(a: u8); }\n",
            )],
        );
        write_tree(
            &dir("two-b"),
            &[(
                "a.wit",
                "package demo:x;\nworld two { export f: func(a: u16); }\n",
            )],
        );
        for (name, source, result) in [
            ("p", "hello", "string"),
            ("q", "hello-rpc", "u32"),
            ("r", "hello", "u32"),
        ] {
            let deps = format!("hello = \"../../{source}\"\n");
            write_tree(
                &dir(name),
                &[
                    ("app.wit", root),
                    ("deps.toml", &deps),
                    ("deps/hello/h.wit", &hello(result)),
                ],
            );
        }
        let pkgs: Vec<(std::path::PathBuf, WitPackage)> = ["one", "two", "two-b", "p", "q", "r"]
            .iter()
            .map(|n| (dir(n), load(&dir(n))))
            .collect();
        let forms: Vec<BTreeMap<&Path, Vec<u8>>> = pkgs
            .iter()
            .map(|(_, p)| crate::wit::tokens::token_form(&p.files))
            .collect();
        let verdict = |picks: &[usize]| {
            let group: Vec<Namesake<'_>> = picks
                .iter()
                .map(|&i| Namesake {
                    dir: &pkgs[i].0,
                    pkg: &pkgs[i].1,
                    form: &forms[i],
                })
                .collect();
            not_copies(&group)
        };
        assert!(verdict(&[0, 1]).unwrap().starts_with("share no world"));
        assert_eq!(verdict(&[1, 2]), None, "one world in common: copies");
        assert_eq!(verdict(&[0, 1, 2]), None);
        assert!(verdict(&[3, 4]).unwrap().contains("deps manifests"));
        assert_eq!(
            verdict(&[3, 5]),
            None,
            "one declaration, two fetches: a stale copy"
        );
        assert_eq!(verdict(&[0]), None);
    }
}
