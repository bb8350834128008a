//! Paths a checkout lacks by design: gitignored (a directory the build creates, such as
//! `target/wit` that a build tool writes or WIT a `build.rs` downloads), or inside a git
//! submodule that is not checked out (`git clone` without `--recursive`).

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::Gitignore;

/// Why a path is absent from the checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absent {
    /// A `.gitignore` line ignores it.
    Ignored { file: PathBuf, pattern: String },
    /// It lies in the submodule at `submodule`, which `.gitmodules` declares and which is
    /// not checked out.
    Submodule {
        gitmodules: PathBuf,
        submodule: PathBuf,
    },
}

/// Why `path`, which need not exist, is absent from the checkout by design; `None` when
/// nothing says it should be.
pub fn absent_by_design(path: &Path) -> Option<Absent> {
    let path = super::manifest::absolute(path);
    uninitialized_submodule(&path).or_else(|| gitignored(&path))
}

/// The directories from `path`'s parent up to the repository root (the first holding
/// `.git`), nearest first.
fn ancestors_in_repo(path: &Path) -> impl Iterator<Item = &Path> {
    let mut done = false;
    path.ancestors().skip(1).take_while(move |dir| {
        let take = !done;
        done = dir.join(".git").exists();
        take
    })
}

/// The `.gitignore` line that ignores `path` (taken as a directory), looking as git does:
/// the nearest `.gitignore` that has a say decides, so a deeper `!pattern` keeps what a
/// shallower one ignored.
fn gitignored(path: &Path) -> Option<Absent> {
    for dir in ancestors_in_repo(path) {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            continue;
        }
        let (matcher, _) = Gitignore::new(&file);
        match matcher.matched_path_or_any_parents(path, true) {
            Match::Ignore(glob) => {
                return Some(Absent::Ignored {
                    pattern: glob.original().to_string(),
                    file,
                });
            }
            Match::Whitelist(_) => return None,
            Match::None => {}
        }
    }
    None
}

/// The submodule `path` lies in when `.gitmodules` (at the repository root, the nearest
/// found) declares one there and it is not checked out: a checked-out submodule has a
/// `.git` of its own.
fn uninitialized_submodule(path: &Path) -> Option<Absent> {
    let gitmodules = ancestors_in_repo(path)
        .map(|dir| dir.join(".gitmodules"))
        .find(|f| f.is_file())?;
    let root = gitmodules.parent()?;
    let text = std::fs::read_to_string(&gitmodules).ok()?;
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "path").then(|| root.join(value.trim()))
        })
        .find(|sub| path.starts_with(sub) && !sub.join(".git").exists())
        .map(|submodule| Absent::Submodule {
            gitmodules: gitmodules.clone(),
            submodule,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::write_tree;

    fn pattern_of(root: &Path, rel: &str) -> Option<String> {
        match absent_by_design(&root.join(rel))? {
            Absent::Ignored { pattern, .. } => Some(pattern),
            Absent::Submodule { .. } => None,
        }
    }

    #[test]
    fn the_nearest_gitignore_decides() {
        let dir = tempfile::tempdir().unwrap();
        write_tree(
            dir.path(),
            &[
                (".git/HEAD", "ref: refs/heads/main\n"),
                (".gitignore", "**/target/\nwit-*/\n"),
                ("app/.gitignore", "!wit-kept/\n"),
            ],
        );
        let root = dir.path();
        let Some(Absent::Ignored { file, pattern }) =
            absent_by_design(&root.join("pkg/a/target/wit"))
        else {
            panic!("under target/")
        };
        assert_eq!(file, root.join(".gitignore"));
        assert_eq!(pattern, "**/target/");
        assert_eq!(pattern_of(root, "wit-v1"), Some("wit-*/".to_string()));
        assert_eq!(absent_by_design(&root.join("app/wit-kept")), None);
        assert_eq!(absent_by_design(&root.join("app/wit")), None);
    }

    #[test]
    fn stops_at_the_repository_root() {
        let outer = tempfile::tempdir().unwrap();
        write_tree(
            outer.path(),
            &[
                (".gitignore", "*\n"),
                (".gitmodules", "[submodule \"repo\"]\n\tpath = repo\n"),
                ("repo/.git/HEAD", "ref: refs/heads/main\n"),
            ],
        );
        assert_eq!(absent_by_design(&outer.path().join("repo/gen/wit")), None);
    }

    #[test]
    fn a_submodule_not_checked_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_tree(
            root,
            &[
                (".git/HEAD", "ref: refs/heads/main\n"),
                (
                    ".gitmodules",
                    "[submodule \"wit\"]\n\tpath = crates/plugin-wit\n\turl = https://example.com/wit\n[submodule \"done\"]\n\tpath = done\n",
                ),
                ("done/.git", "gitdir: ../.git/modules/done\n"),
            ],
        );
        std::fs::create_dir_all(root.join("crates/plugin-wit")).unwrap();
        assert_eq!(
            absent_by_design(&root.join("crates/plugin-wit/v0.1")),
            Some(Absent::Submodule {
                gitmodules: root.join(".gitmodules"),
                submodule: root.join("crates/plugin-wit"),
            })
        );
        // Checked out: its files are there or not, as in any directory.
        assert_eq!(absent_by_design(&root.join("done/wit")), None);
        // Beside the submodule, not in it.
        assert_eq!(absent_by_design(&root.join("crates/plugin-wit2")), None);
    }
}
