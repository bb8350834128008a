//! Whether a path is gitignored: a directory the build creates (`target/wit` that a build
//! tool writes, WIT a `build.rs` downloads) is absent from a checkout by design, and says so
//! in a `.gitignore`.

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::Gitignore;

/// The `.gitignore` line that ignores `path` (taken as a directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredBy {
    pub file: PathBuf,
    pub pattern: String,
}

/// The rule that ignores `path`, looking as git does: the `.gitignore` files of its
/// ancestors up to the repository root (the directory holding `.git`), the nearest deciding
/// first, so that a deeper `!pattern` keeps what a shallower one ignored. `path` need not
/// exist.
pub fn gitignored(path: &Path) -> Option<IgnoredBy> {
    let path = &super::manifest::absolute(path);
    let mut at = path.parent();
    while let Some(dir) = at {
        let file = dir.join(".gitignore");
        if file.is_file() {
            let (matcher, _) = Gitignore::new(&file);
            match matcher.matched_path_or_any_parents(path, true) {
                Match::Ignore(glob) => {
                    return Some(IgnoredBy {
                        file,
                        pattern: glob.original().to_string(),
                    });
                }
                Match::Whitelist(_) => return None,
                Match::None => {}
            }
        }
        if dir.join(".git").exists() {
            return None;
        }
        at = dir.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::write_tree;

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
        let by = gitignored(&root.join("pkg/a/target/wit")).expect("under target/");
        assert_eq!(by.file, root.join(".gitignore"));
        assert_eq!(by.pattern, "**/target/");
        assert_eq!(
            gitignored(&root.join("wit-v1")).map(|b| b.pattern),
            Some("wit-*/".to_string())
        );
        assert_eq!(gitignored(&root.join("app/wit-kept")), None);
        assert_eq!(gitignored(&root.join("app/wit")), None);
    }

    #[test]
    fn stops_at_the_repository_root() {
        let outer = tempfile::tempdir().unwrap();
        write_tree(
            outer.path(),
            &[
                (".gitignore", "*\n"),
                ("repo/.git/HEAD", "ref: refs/heads/main\n"),
            ],
        );
        assert_eq!(gitignored(&outer.path().join("repo/gen/wit")), None);
    }
}
