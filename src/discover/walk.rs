//! Finding files: a parallel walk that honours `.gitignore` and skips `target/`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ignore::{WalkBuilder, WalkState};

use super::manifest::Manifest;
use crate::lint::config::Config;

/// What the walk found under one root.
#[derive(Debug, Default)]
pub struct Walked {
    pub rust_files: Vec<PathBuf>,
    pub manifests: Vec<PathBuf>,
    /// Walk errors (permission denied, symlink loops, ...) with the path when known.
    pub errors: Vec<(Option<PathBuf>, ignore::Error)>,
}

enum Found {
    Rust(PathBuf),
    Manifest(PathBuf),
    Error(Option<PathBuf>, ignore::Error),
}

/// Walks `root` with `ignore`'s parallel walker: `.gitignore` (also outside git
/// repositories), `.ignore`, hidden files skipped, `target/` directories and ignore globs
/// pruned, symlinks not followed (so no loops). Results are sorted.
pub fn walk(root: &Path, config: &Config) -> Walked {
    let (tx, rx) = mpsc::channel::<Found>();
    walk_builder(root, config)
        .threads(rayon::current_num_threads().max(1))
        .build_parallel()
        .run(|| {
            let tx = tx.clone();
            Box::new(move |entry| {
                if let Some(found) = Found::of(entry) {
                    let _ = tx.send(found);
                }
                WalkState::Continue
            })
        });
    drop(tx);
    Walked::collect(rx)
}

/// [`walk`] on the calling thread, with the same results: for trees of a few crates, where
/// starting walker threads costs more than it saves (`wit sync`).
pub(crate) fn walk_sequential(root: &Path, config: &Config) -> Walked {
    Walked::collect(walk_builder(root, config).build().filter_map(Found::of))
}

fn walk_builder(root: &Path, config: &Config) -> WalkBuilder {
    let ignore_config = Arc::new(config.clone());
    let mut builder = WalkBuilder::new(root);
    builder
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            if entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && entry.file_name() == "target"
            {
                return false;
            }
            entry.depth() == 0 || !ignore_config.is_ignored(entry.path())
        });
    builder
}

impl Found {
    /// What a walk entry is to us: a Rust file, a manifest, an error, or nothing.
    fn of(entry: Result<ignore::DirEntry, ignore::Error>) -> Option<Found> {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    return None;
                }
                let name = e.file_name().as_encoded_bytes();
                if name.ends_with(b".rs") {
                    Some(Found::Rust(e.into_path()))
                } else if name == b"Cargo.toml" {
                    Some(Found::Manifest(e.into_path()))
                } else {
                    None
                }
            }
            Err(err) => Some(Found::Error(error_path(&err), err)),
        }
    }
}

impl Walked {
    fn collect(found: impl IntoIterator<Item = Found>) -> Walked {
        let mut walked = Walked::default();
        for f in found {
            match f {
                Found::Rust(p) => walked.rust_files.push(p),
                Found::Manifest(p) => walked.manifests.push(p),
                Found::Error(p, e) => walked.errors.push((p, e)),
            }
        }
        walked.rust_files.sort();
        walked.manifests.sort();
        walked
            .errors
            .sort_by_cached_key(|(p, e)| (p.clone(), error_message(e)));
        walked
    }
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.first().and_then(error_path),
        _ => None,
    }
}

/// A walk error without the path (it is given separately).
pub fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to `{}`", ancestor.display())
        }
        other => other.to_string(),
    }
}

/// The manifest of the package a root sits inside (`airssys-lint crate/src`).
pub fn enclosing_manifest(root: &Path) -> Option<PathBuf> {
    let start = if root.is_dir() { root } else { root.parent()? };
    for dir in start.ancestors() {
        let candidate = dir.join("Cargo.toml");
        if candidate.is_file() {
            let text = std::fs::read_to_string(&candidate).ok()?;
            let m = Manifest::parse(&candidate, String::new(), text.into()).ok()?;
            if m.package_name.is_some() {
                return Some(candidate);
            }
            if m.is_workspace_root {
                return None;
            }
        }
    }
    None
}

/// `a/./b/../c` -> `a/c`, without touching the file system (a leading `..` stays).
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                let last_is_normal = matches!(
                    out.components().next_back(),
                    Some(std::path::Component::Normal(_))
                );
                if !last_is_normal || !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// [`lexical`], keeping a leading `./`: paths in a module tree must equal the paths the walk
/// yields, which start with `./` when the root is `.`.
pub fn lexical_as_walked(path: &Path) -> PathBuf {
    let clean = lexical(path);
    if matches!(path.components().next(), Some(std::path::Component::CurDir)) {
        Path::new(".").join(clean)
    } else {
        clean
    }
}
