//! Finding the WIT copies: every `path` a bindgen macro reads, in the crates cargo compiles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::{CopyUser, Skipped, SyncError, WitCopy, lexical, normalize};
use crate::discover::absent::{Absent, absent_by_design};
use crate::discover::file::{FileOutcome, Needles};
use crate::discover::manifest::{self, LoadError};
use crate::discover::tree::read_tree;
use crate::discover::{Package, syntax, walk};
use crate::lint::config::Config;
use crate::wit::dialect;
use crate::wit::fetched::{Reader, fetched};

/// Finds every WIT copy a bindgen macro under `root` reads, with the crates that read it.
///
/// The lint's discovery does the work: its walk, its manifests (renamed and
/// workspace-inherited dependencies) and its macro resolution (`use` aliases, re-exports).
/// Only packages that depend on `wasmtime` (hosts) or `wit-bindgen` take part.
pub fn discover(root: &Path) -> Result<(Vec<WitCopy>, Vec<Skipped>), SyncError> {
    let walked = walk::walk_sequential(root, &Config::default());
    if let Some((_, error)) = walked.errors.into_iter().next() {
        return Err(SyncError::Walk {
            root: root.to_path_buf(),
            message: error.to_string(),
        });
    }
    let mut manifests = Vec::new();
    for path in &walked.manifests {
        match manifest::load(path, path.display().to_string()) {
            Ok(m) => manifests.push(Arc::new(m)),
            Err(LoadError::Read(source)) => {
                return Err(SyncError::Io {
                    path: path.clone(),
                    source,
                });
            }
            Err(LoadError::NotUtf8) => {
                return Err(SyncError::Io {
                    path: path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "stream did not contain valid UTF-8",
                    ),
                });
            }
            // A manifest that does not parse is the lint's business; it has no copies for us.
            Err(LoadError::Parse { .. }) => {}
        }
    }
    manifest::inherit_workspace_deps(&mut manifests);
    let packages: Vec<Package> = manifests
        .iter()
        .filter(|m| {
            m.package_name.is_some()
                && (m.depends_on(syntax::WASMTIME) || m.depends_on(syntax::WIT_BINDGEN))
        })
        .cloned()
        .map(Package::new)
        .collect();
    let workspaces =
        manifest::workspace_dirs(packages.iter().map(|p| p.manifest.as_ref()), &manifests);
    let host_workspaces: BTreeSet<&PathBuf> = packages
        .iter()
        .zip(&workspaces)
        .filter(|(p, _)| p.manifest.depends_on(syntax::WASMTIME))
        .map(|(_, w)| w)
        .collect();
    let needles: Vec<Needles> = packages.iter().map(|_| Needles::default_set()).collect();
    let tree = read_tree(
        &walked.rust_files,
        &packages,
        &needles,
        &Needles::default_set(),
        u64::MAX,
    );
    let found: Vec<(usize, PathBuf, Vec<syntax::BindgenUse>)> = tree
        .files
        .into_iter()
        .filter_map(|f| match f.outcome {
            FileOutcome::Parsed { facts, .. } if !facts.bindgen.is_empty() => {
                Some((f.package?, f.path, facts.bindgen))
            }
            _ => None,
        })
        .collect();

    let mut copies: BTreeMap<PathBuf, WitCopy> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (owner, file, macros) in found {
        let file = &file;
        let pkg = &packages[owner];
        for m in macros {
            if m.args.inline {
                skipped.push(Skipped {
                    file: file.clone(),
                    reason: "inline WIT (`inline:`) is not a copy".to_string(),
                });
                continue;
            }
            let default = [String::from("wit")];
            let paths: Vec<&String> = if m.args.paths.is_empty() {
                default.iter().collect()
            } else {
                m.args.paths.iter().map(|p| &p.value).collect()
            };
            // The paths this macro lists before the current one.
            let mut before: Vec<PathBuf> = Vec::new();
            for rel in paths {
                let path = clean_join(pkg.root(), rel);
                // `guests/b/../../shared/wit` reads better as `shared/wit`; use the lexical
                // form only if it is the same directory (no symlink in between).
                let lexical = lexical(&path);
                let path = if lexical != path
                    && std::fs::canonicalize(&lexical).ok() == std::fs::canonicalize(&path).ok()
                {
                    lexical
                } else {
                    path
                };
                if !path.exists() {
                    skipped.push(Skipped {
                        file: file.clone(),
                        reason: missing_reason(&path),
                    });
                    continue;
                }
                let before_this = before.clone();
                before.push(path.clone());
                // A `deps/` that wkg or wit-deps fills at build time (or a fixture's, which
                // its package's tests fill) is theirs: neither compared nor rewritten until
                // it is fetched.
                let reader = Reader {
                    root: pkg.root(),
                    manifests: &manifests,
                };
                if let Some(f) = fetched(&path, Some(reader)) {
                    let then = match f.command() {
                        Some(command) => format!("; run `{command}` to sync it"),
                        None => String::new(),
                    };
                    skipped.push(Skipped {
                        file: file.clone(),
                        reason: format!(
                            "WIT `{}` lacks `{}`: {}{then}",
                            path.display(),
                            f.missing.join("`, `"),
                            f.who(&f.manifest.display().to_string()),
                        ),
                    });
                    continue;
                }
                if let Some(old) = dialect::old_dialect(&pkg.manifest, m.kind)
                    && crate::wit::parse_unresolved(&path).is_none()
                {
                    skipped.push(Skipped {
                        file: file.clone(),
                        reason: format!(
                            "WIT `{}` does not parse with the current syntax; its crate {}, older than {}, the first release to require it",
                            path.display(),
                            old.how(|p| shown_from_cwd(p).display().to_string()),
                            old.first_current
                        ),
                    });
                    continue;
                }
                let copy = copies.entry(normalize(&path)).or_insert_with(|| WitCopy {
                    path: path.clone(),
                    users: Vec::new(),
                    before: before_this,
                });
                let user = CopyUser {
                    crate_name: pkg.name().to_string(),
                    host: pkg.manifest.depends_on(syntax::WASMTIME),
                    file: file.clone(),
                    workspace: workspaces[owner].clone(),
                    workspace_has_host: host_workspaces.contains(&workspaces[owner]),
                };
                if !copy.users.contains(&user) {
                    copy.users.push(user);
                }
            }
        }
    }
    let mut copies: Vec<WitCopy> = copies.into_values().collect();
    for c in &mut copies {
        c.users.sort();
    }
    copies.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((copies, skipped))
}

/// `dir.join(rel)` without `./` noise, keeping `..` (the result is for display and I/O).
fn clean_join(dir: &Path, rel: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Why a macro's WIT path does not exist, for the skip note.
fn missing_reason(path: &Path) -> String {
    let why = match absent_by_design(path) {
        Some(Absent::Ignored { file, pattern }) => format!(
            ": `{}` ignores it (`{pattern}`), the build creates it",
            shown_from_cwd(&file).display()
        ),
        Some(Absent::Submodule { submodule, .. }) => format!(
            ": it is in git submodule `{}`, which is not checked out (`git submodule update --init`)",
            shown_from_cwd(&submodule).display()
        ),
        None => String::new(),
    };
    format!("WIT path `{}` does not exist{why}", path.display())
}

/// `path` relative to the working directory when it lies below it (and without a leading
/// `./`), as the other paths the notes show.
fn shown_from_cwd(path: &Path) -> &Path {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .or_else(|| path.strip_prefix(".").ok())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::write_tree;

    /// The lint's discovery: a dependency renamed in `[workspace.dependencies]`, and macros
    /// imported in another file of the crate (`crate::bindgen!`, `use super::*`).
    #[test]
    fn discovery_sees_workspace_renames_and_macros_imported_elsewhere() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let tree = [
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"h\", \"g\"]\n\n[workspace.dependencies]\n\
                 rt = { package = \"wasmtime\", version = \"48\" }\n\
                 wb = { package = \"wit-bindgen\", version = \"0.63\" }\n",
            ),
            (
                "h/Cargo.toml",
                "[package]\nname = \"h\"\n\n[dependencies]\nrt.workspace = true\n",
            ),
            ("h/src/main.rs", "pub use rt::component::bindgen;\nmod b;\n"),
            ("h/src/b.rs", "crate::bindgen!({ path: \"spec\" });\n"),
            ("h/spec/a.wit", "package a:b;\nworld w {}\n"),
            (
                "g/Cargo.toml",
                "[package]\nname = \"g\"\n\n[dependencies]\nwb = { workspace = true }\n",
            ),
            ("g/src/lib.rs", "use wb::generate;\nmod inner;\n"),
            (
                "g/src/inner.rs",
                "use super::*;\ngenerate!(\"w\" in \"../h/spec\");\n",
            ),
        ];
        write_tree(root, &tree);

        let (copies, skipped) = discover(root).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert_eq!(copies[0].path, root.join("h/spec"));
        let users: Vec<(&str, bool, PathBuf)> = copies[0]
            .users
            .iter()
            .map(|u| (u.crate_name.as_str(), u.host, u.file.clone()))
            .collect();
        assert_eq!(
            users,
            [
                ("g", false, root.join("g/src/inner.rs")),
                ("h", true, root.join("h/src/b.rs")),
            ]
        );
    }

    /// A copy whose `deps/` wkg fetches at build time is skipped with the reason, never
    /// compared or rewritten; a file no cargo target compiles is not looked at.
    #[test]
    fn fetched_deps_and_uncompiled_files_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let tree = [
            (
                "g/Cargo.toml",
                "[package]\nname = \"g\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nwit-bindgen = \"0.63\"\n",
            ),
            ("g/wkg.toml", ""),
            ("g/src/lib.rs", "wit_bindgen::generate!(\"w\");\n"),
            (
                "g/src/stray.rs",
                "wit_bindgen::generate!({ path: \"elsewhere\" });\n",
            ),
            (
                "g/wit/w.wit",
                "package a:b;\nworld w { import wasi:io/poll@0.2.0; }\n",
            ),
        ];
        write_tree(root, &tree);
        let (copies, skipped) = discover(root).unwrap();
        assert!(copies.is_empty(), "{copies:?}");
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].file, root.join("g/src/lib.rs"));
        assert!(
            skipped[0].reason.contains("wasi:io@0.2.0") && skipped[0].reason.contains("wkg"),
            "{}",
            skipped[0].reason
        );
    }
}
