//! Cargo targets: the crate roots cargo compiles for a package (lib, bins, examples, tests,
//! benches, the build script), declared in `Cargo.toml` or auto-discovered as cargo does,
//! and the `.rs` files each reaches through its module tree ([`super::modtree`]).

use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use toml_edit::{Item, TableLike};

use super::manifest::Manifest;
use super::modtree::{self, ModDecl};
// `a/b/../c` -> `a/c`, so files reached through `#[path = "../x.rs"]` match walked paths.
use super::walk::lexical_as_walked;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    Lib,
    Bin,
    Example,
    Test,
    Bench,
    BuildScript,
}

impl TargetKind {
    /// Lib and bins: what the package itself is. Tests, examples, benches and `build.rs`
    /// are compiled only for themselves.
    pub fn is_main(self) -> bool {
        matches!(self, TargetKind::Lib | TargetKind::Bin)
    }

    /// The directory cargo auto-discovers this kind in, and the manifest's `auto*` key.
    fn auto_dir(self) -> Option<(&'static str, &'static str)> {
        match self {
            TargetKind::Bin => Some(("src/bin", "autobins")),
            TargetKind::Example => Some(("examples", "autoexamples")),
            TargetKind::Test => Some(("tests", "autotests")),
            TargetKind::Bench => Some(("benches", "autobenches")),
            _ => None,
        }
    }
}

/// A `[lib]`, `[[bin]]`, `[[example]]`, `[[test]]` or `[[bench]]` table as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredTarget {
    pub kind: TargetKind,
    pub name: Option<String>,
    pub path: Option<String>,
}

/// What a manifest says about its targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetDecls {
    pub declared: Vec<DeclaredTarget>,
    /// `autobins`, `autoexamples`, `autotests`, `autobenches` (all default on).
    pub auto_off: Vec<TargetKind>,
    /// `package.build`: `None` for the default `build.rs`, `Some(None)` for `build = false`.
    pub build: Option<Option<String>>,
}

impl TargetDecls {
    pub fn parse(root: &dyn TableLike, package: Option<&dyn TableLike>) -> TargetDecls {
        let mut declared = Vec::new();
        if let Some(lib) = root.get("lib").and_then(Item::as_table_like) {
            declared.push(declared_target(TargetKind::Lib, lib));
        }
        for (key, kind) in [
            ("bin", TargetKind::Bin),
            ("example", TargetKind::Example),
            ("test", TargetKind::Test),
            ("bench", TargetKind::Bench),
        ] {
            if let Some(tables) = root.get(key).and_then(Item::as_array_of_tables) {
                declared.extend(tables.iter().map(|t| declared_target(kind, t)));
            }
        }
        let auto_off = [
            TargetKind::Bin,
            TargetKind::Example,
            TargetKind::Test,
            TargetKind::Bench,
        ]
        .into_iter()
        .filter(|k| {
            let key = k.auto_dir().map(|(_, key)| key).unwrap_or_default();
            package.and_then(|p| p.get(key)).and_then(Item::as_bool) == Some(false)
        })
        .collect();
        let build = package.and_then(|p| p.get("build")).and_then(|b| {
            if let Some(path) = b.as_str() {
                Some(Some(path.to_string()))
            } else if b.as_bool() == Some(false) {
                Some(None)
            } else {
                None
            }
        });
        TargetDecls {
            declared,
            auto_off,
            build,
        }
    }
}

fn declared_target(kind: TargetKind, table: &dyn TableLike) -> DeclaredTarget {
    let text = |k: &str| table.get(k).and_then(Item::as_str).map(str::to_string);
    DeclaredTarget {
        kind,
        name: text("name"),
        path: text("path"),
    }
}

/// A crate root cargo compiles.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub kind: TargetKind,
    /// The crate root file (absolute when the manifest path is).
    pub root: PathBuf,
}

/// The targets of a package, as `cargo metadata` would list them (paths that exist only).
pub fn targets(manifest: &Manifest) -> Vec<Target> {
    let dir = manifest.dir();
    let decls = &manifest.targets;
    let package = manifest.package_name.as_deref().unwrap_or_default();
    let mut out: Vec<Target> = Vec::new();
    // A set, not a scan of `out`: a package can have hundreds of auto-discovered bins.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut push = |kind, root: PathBuf| {
        if !seen.contains(&root) && root.is_file() {
            seen.insert(root.clone());
            out.push(Target { kind, root });
        }
    };

    // Declared targets; a declaration without `path` uses cargo's default place for its name.
    for d in &decls.declared {
        match (&d.path, d.kind) {
            (Some(p), kind) => push(kind, dir.join(p)),
            (None, TargetKind::Lib) => push(TargetKind::Lib, dir.join("src/lib.rs")),
            (None, kind) => {
                let Some(name) = &d.name else { continue };
                let (auto, _) = kind.auto_dir().unwrap_or_default();
                if kind == TargetKind::Bin && name == package {
                    push(kind, dir.join("src/main.rs"));
                }
                push(kind, dir.join(auto).join(format!("{name}.rs")));
                push(kind, dir.join(auto).join(name).join("main.rs"));
            }
        }
    }

    // Auto-discovered targets.
    if !decls.declared.iter().any(|d| d.kind == TargetKind::Lib) {
        push(TargetKind::Lib, dir.join("src/lib.rs"));
    }
    for kind in [
        TargetKind::Bin,
        TargetKind::Example,
        TargetKind::Test,
        TargetKind::Bench,
    ] {
        if decls.auto_off.contains(&kind) {
            continue;
        }
        if kind == TargetKind::Bin {
            push(kind, dir.join("src/main.rs"));
        }
        let (auto, _) = kind.auto_dir().unwrap_or_default();
        for root in auto_roots(&dir.join(auto)) {
            push(kind, root);
        }
    }
    match &decls.build {
        None => push(TargetKind::BuildScript, dir.join("build.rs")),
        Some(Some(path)) => push(TargetKind::BuildScript, dir.join(path)),
        Some(None) => {}
    }
    out
}

/// `dir/*.rs` and `dir/*/main.rs`, sorted.
fn auto_roots(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut roots: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            if path.is_dir() {
                Some(path.join("main.rs")).filter(|m| m.is_file())
            } else {
                (path.extension().is_some_and(|x| x == "rs")).then_some(path)
            }
        })
        .collect();
    roots.sort();
    roots
}

/// For every file the targets reach, the target that reaches it: the first lib or bin that
/// does, else the first other target. `decls` gives a file's module declarations, `None`
/// when there is no such file; `exists` tells whether a file exists (rustc takes the first
/// candidate path that does).
pub fn reach<'d>(
    targets: &[Target],
    mut decls: impl FnMut(&Path) -> Option<Cow<'d, [ModDecl]>>,
    exists: impl Fn(&Path) -> bool,
) -> Reached {
    let mut reached = Reached::default();
    // Lib and bins first, so a file shared with a test belongs to the main target.
    let mut order: Vec<&Target> = targets.iter().collect();
    order.sort_by_key(|t| !t.kind.is_main());
    for target in order {
        let mut queue: VecDeque<(PathBuf, bool)> = VecDeque::new();
        queue.push_back((target.root.clone(), true));
        while let Some((file, mod_rs)) = queue.pop_front() {
            if reached.contains_key(&file) {
                continue;
            }
            let Some(children) = decls(&file) else {
                continue;
            };
            reached.insert(file.clone(), target.clone());
            for decl in children.iter() {
                // The first candidate that exists is the one rustc reads.
                let found = modtree::child_paths(&file, mod_rs, decl)
                    .into_iter()
                    .map(|(p, owns_dir)| (lexical_as_walked(&p), owns_dir))
                    .find(|(p, _)| reached.contains_key(p) || exists(p));
                queue.extend(found);
            }
        }
    }
    reached
}

/// Module declarations of a file read from disk; `None` if it cannot be read.
pub fn scan_file<'d>(path: &Path) -> Option<Cow<'d, [ModDecl]>> {
    std::fs::read(path)
        .ok()
        .map(|b| Cow::Owned(modtree::scan(&b)))
}

/// A map keyed by path bytes with a fast hasher: `Path`'s own `Hash` walks components, and
/// these maps hold every file of a tree.
pub type PathMap<V> = std::collections::HashMap<OsString, V, foldhash::fast::RandomState>;

/// Files reached, with the target that reaches each.
#[derive(Debug, Default)]
pub struct Reached(PathMap<Target>);

impl Reached {
    pub fn get(&self, path: &Path) -> Option<&Target> {
        self.0.get(path.as_os_str())
    }

    pub fn contains_key(&self, path: &Path) -> bool {
        self.0.contains_key(path.as_os_str())
    }

    pub fn insert(&mut self, path: PathBuf, target: Target) {
        self.0.insert(path.into_os_string(), target);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_entries(self) -> impl Iterator<Item = (PathBuf, Target)> {
        self.0.into_iter().map(|(p, t)| (PathBuf::from(p), t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(dir: &Path, text: &str) -> Manifest {
        let path = dir.join("Cargo.toml");
        std::fs::write(&path, text).unwrap();
        Manifest::parse(&path, "Cargo.toml".into(), text.into()).unwrap()
    }

    fn touch(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn kinds(dir: &Path, targets: &[Target]) -> Vec<(TargetKind, String)> {
        let mut v: Vec<_> = targets
            .iter()
            .map(|t| {
                let rel = t.root.strip_prefix(dir).unwrap();
                (t.kind, rel.to_string_lossy().into_owned())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn auto_discovers_like_cargo() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for f in [
            "src/lib.rs",
            "src/main.rs",
            "src/bin/a.rs",
            "src/bin/b/main.rs",
            "src/bin/b/helper.rs",
            "examples/e.rs",
            "tests/t.rs",
            "tests/common/mod.rs",
            "benches/x.rs",
            "build.rs",
        ] {
            touch(d, f, "");
        }
        let m = manifest(d, "[package]\nname = \"p\"\n");
        assert_eq!(
            kinds(d, &targets(&m)),
            [
                (TargetKind::Lib, "src/lib.rs".into()),
                (TargetKind::Bin, "src/bin/a.rs".into()),
                (TargetKind::Bin, "src/bin/b/main.rs".into()),
                (TargetKind::Bin, "src/main.rs".into()),
                (TargetKind::Example, "examples/e.rs".into()),
                (TargetKind::Test, "tests/t.rs".into()),
                (TargetKind::Bench, "benches/x.rs".into()),
                (TargetKind::BuildScript, "build.rs".into()),
            ]
        );
    }

    #[test]
    fn declared_paths_and_auto_off() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for f in [
            "lib/root.rs",
            "tests/auto.rs",
            "it/main.rs",
            "gen.rs",
            "build.rs",
        ] {
            touch(d, f, "");
        }
        let m = manifest(
            d,
            "[package]\nname = \"p\"\nautotests = false\nbuild = \"gen.rs\"\n\
             [lib]\npath = \"lib/root.rs\"\n[[test]]\nname = \"it\"\npath = \"it/main.rs\"\n",
        );
        assert_eq!(
            kinds(d, &targets(&m)),
            [
                (TargetKind::Lib, "lib/root.rs".into()),
                (TargetKind::Test, "it/main.rs".into()),
                (TargetKind::BuildScript, "gen.rs".into()),
            ]
        );
        let m = manifest(d, "[package]\nname = \"p\"\nbuild = false\n");
        assert!(
            !targets(&m)
                .iter()
                .any(|t| t.kind == TargetKind::BuildScript)
        );
    }

    #[test]
    fn reaches_module_trees() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        touch(
            d,
            "src/lib.rs",
            "mod a; mod b; #[path = \"../extra/c.rs\"] mod c;",
        );
        touch(d, "src/a.rs", "mod inner;");
        touch(d, "src/a/inner.rs", "");
        touch(d, "src/b/mod.rs", "mod deep;");
        touch(d, "src/b/deep.rs", "");
        touch(d, "extra/c.rs", "mod d;");
        touch(d, "extra/d.rs", "");
        touch(d, "src/stray.rs", "");
        touch(d, "tests/t.rs", "mod common;");
        touch(d, "tests/common/mod.rs", "");
        let m = manifest(d, "[package]\nname = \"p\"\n");
        let ts = targets(&m);
        let texts: std::collections::HashMap<PathBuf, Vec<ModDecl>> = walk_rs(d)
            .into_iter()
            .map(|p| {
                let decls = modtree::scan(&std::fs::read(&p).unwrap());
                (p, decls)
            })
            .collect();
        let reached = reach(
            &ts,
            |p| texts.get(p).map(|d| Cow::Borrowed(d.as_slice())),
            |p| p.is_file(),
        );
        let mut got: Vec<(String, TargetKind)> = reached
            .into_entries()
            .map(|(p, t)| {
                (
                    p.strip_prefix(d).unwrap().to_string_lossy().into_owned(),
                    t.kind,
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("extra/c.rs".to_string(), TargetKind::Lib),
                ("extra/d.rs".into(), TargetKind::Lib),
                ("src/a.rs".into(), TargetKind::Lib),
                ("src/a/inner.rs".into(), TargetKind::Lib),
                ("src/b/deep.rs".into(), TargetKind::Lib),
                ("src/b/mod.rs".into(), TargetKind::Lib),
                ("src/lib.rs".into(), TargetKind::Lib),
                ("tests/common/mod.rs".into(), TargetKind::Test),
                ("tests/t.rs".into(), TargetKind::Test),
            ]
        );
    }

    fn walk_rs(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_rs(&p));
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
        out
    }
}
