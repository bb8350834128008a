//! Finding files (a parallel walk that honours `.gitignore` and skips `target/`), and the
//! per-file pipeline: bounded read, byte prefilter, UTF-8 check, syn parse.

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ignore::{WalkBuilder, WalkState};
use memchr::memmem::Finder;

use super::config::Config;
use super::manifest::{Manifest, Role};
use super::syntax::{self, CrateNames, FileFacts};

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

/// The byte strings whose presence makes a file worth parsing.
pub struct Needles {
    finders: Vec<Finder<'static>>,
}

impl Needles {
    pub fn from_words<S: AsRef<str>>(words: &[S]) -> Needles {
        let mut list: Vec<String> = words.iter().map(|w| w.as_ref().to_string()).collect();
        list.sort();
        list.dedup();
        Needles {
            finders: list
                .iter()
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect(),
        }
    }

    /// For files outside any package: the macro names and crate names.
    pub fn default_set() -> Needles {
        Needles::from_words(&["bindgen", "generate"])
    }

    /// `bindgen` covers `wit_bindgen`, `wasmtime_wit_bindgen`, `bindgen!`; `generate` covers
    /// `generate!`. Guests also need `export` (`export!`), packages using wasmtime need
    /// `func_wrap`/`func_new`, and renamed crates need their local names.
    pub fn for_package(package: &super::Package) -> Needles {
        let mut words = vec!["bindgen".to_string(), "generate".to_string()];
        if package.role == Role::Guest {
            words.push("export".into());
        }
        if package
            .manifest
            .deps
            .iter()
            .any(|d| d.package == syntax::WASMTIME)
        {
            words.push("func_wrap".into());
            words.push("func_new".into());
        }
        for (local, package) in &package.names.entries {
            if *package != syntax::WASMTIME && !local.contains("bindgen") {
                words.push(local.clone());
            }
        }
        Needles::from_words(&words)
    }

    pub fn matches(&self, haystack: &[u8]) -> bool {
        self.finders.iter().any(|f| f.find(haystack).is_some())
    }
}

/// What happened to one `.rs` file.
pub enum FileOutcome {
    /// No needle: nothing in it can produce a finding.
    NoNeedle,
    Parsed {
        text: Arc<str>,
        facts: FileFacts,
    },
    /// Not linted: a note (`skipped-file`) or a parse error (`parse-error`).
    Problem {
        rule: &'static str,
        message: String,
        text: Option<Arc<str>>,
        range: Option<std::ops::Range<usize>>,
    },
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(64 * 1024));
}

/// Reads (at most `max_size` bytes), prefilters, checks UTF-8 and parses one file. Never
/// panics on file contents.
pub fn process_file(
    path: &Path,
    needles: &Needles,
    names: &CrateNames,
    max_size: u64,
) -> FileOutcome {
    BUFFER.with(|buffer| {
        let mut buf = buffer.borrow_mut();
        buf.clear();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(max_size.saturating_add(1)).read_to_end(&mut buf));
        if let Err(e) = read {
            return FileOutcome::Problem {
                rule: super::rules::skipped_file::INFO.id,
                message: format!("cannot read file: {e}"),
                text: None,
                range: None,
            };
        }
        if buf.len() as u64 > max_size {
            return FileOutcome::Problem {
                rule: super::rules::skipped_file::INFO.id,
                message: format!(
                    "file skipped: larger than the {} limit",
                    human_size(max_size)
                ),
                text: None,
                range: None,
            };
        }
        if !needles.matches(&buf) {
            return FileOutcome::NoNeedle;
        }
        let text: Arc<str> = match std::str::from_utf8(&buf) {
            Ok(s) => s.into(),
            Err(e) => {
                return FileOutcome::Problem {
                    rule: super::rules::parse_error::INFO.id,
                    message: format!(
                        "file is not valid UTF-8 (invalid byte at offset {}); not linted",
                        e.valid_up_to()
                    ),
                    text: None,
                    range: None,
                };
            }
        };
        // Large buffers are not kept around between files.
        if buf.capacity() > 4 * 1024 * 1024 {
            *buf = Vec::with_capacity(64 * 1024);
        }
        drop(buf);
        match syntax::extract(&text, names) {
            Ok(facts) => FileOutcome::Parsed { text, facts },
            Err(failure) => FileOutcome::Problem {
                rule: super::rules::parse_error::INFO.id,
                message: format!(
                    "file does not parse as Rust: {}; not linted",
                    failure.message
                ),
                range: Some(failure.range),
                text: Some(text),
            },
        }
    })
}

/// `8 MiB`, `200 bytes`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
