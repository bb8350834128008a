//! `airssys-gen wit sync`: find every copy of a WIT package that a bindgen macro reads, compare
//! each with the canonical copy, and (without `--check`) make them byte-identical.
//!
//! Discovery needs no configuration and is the lint's (see [`discover`]): walk the tree
//! (honouring `.gitignore`, skipping `target/`), find the Cargo packages, read the `path`
//! argument of every `wasmtime::component::bindgen!` and `wit_bindgen::generate!` call
//! (default `wit`, relative to the crate), parse
//! each copy with wit-parser and group the copies by package name. The canonical copy of a
//! package is `--canonical DIR`, else the copy a host crate (one that depends on `wasmtime`)
//! uses; without either it is an error that says to pass `--canonical`.
//!
//! Speed: copies are compared byte for byte first; wit-parser only runs once per distinct
//! content (in parallel), and the semantic diff only for copies whose bytes differ.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;

use crate::drift::{self, Change};
use crate::files::write_atomic;
use crate::lint::{self, discover::FileOutcome, manifest::LoadError, syntax};
use crate::wit::{WitError, WitPackage, WitSource};

/// What `wit sync` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Where to look for Cargo packages (default `.`).
    pub root: PathBuf,
    /// The copy every other copy of its package must match, overriding the host crate's.
    pub canonical: Option<PathBuf>,
    /// Write nothing; report drift.
    pub check: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("`{}` does not exist", .0.display())]
    RootNotFound(PathBuf),
    #[error("cannot read `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot walk `{}`: {message}", .root.display())]
    Walk { root: PathBuf, message: String },
    #[error("invalid WIT in `{}`:\n{source}", .dir.display())]
    Wit { dir: PathBuf, source: WitError },
    #[error(
        "no canonical copy of package `{package}`: no host crate (one that depends on `wasmtime`) uses it; pass `--canonical DIR` to choose one of:\n{}",
        list(.copies)
    )]
    NoCanonical {
        package: String,
        copies: Vec<PathBuf>,
    },
    #[error(
        "host crates use different copies of package `{package}`; pass `--canonical DIR` to choose one of:\n{}",
        list(.copies)
    )]
    AmbiguousCanonical {
        package: String,
        copies: Vec<PathBuf>,
    },
    #[error(
        "cannot sync the single-file copy `{}` from the canonical copy `{}`, which has several files; make it a directory",
        .copy.display(),
        .canonical.display()
    )]
    Shape { copy: PathBuf, canonical: PathBuf },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A crate whose bindgen macro reads a WIT copy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct CopyUser {
    /// `package.name` from Cargo.toml.
    pub crate_name: String,
    /// Depends on `wasmtime` (a host).
    pub host: bool,
    /// The file with the macro call.
    pub file: PathBuf,
}

/// A WIT copy that some bindgen macro reads.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WitCopy {
    /// The directory (or single `.wit` file) as found: the crate dir joined with the macro path.
    pub path: PathBuf,
    pub users: Vec<CopyUser>,
}

impl WitCopy {
    pub fn has_host(&self) -> bool {
        self.users.iter().any(|u| u.host)
    }
}

/// What happens (or, with `--check`, would happen) to one file of a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileAction {
    Create,
    Overwrite,
    /// A file of the package that the canonical copy does not have.
    Remove,
}

impl FileAction {
    pub fn label(self) -> &'static str {
        match self {
            FileAction::Create => "create",
            FileAction::Overwrite => "overwrite",
            FileAction::Remove => "remove",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileUpdate {
    /// Relative to the copy's directory.
    pub path: PathBuf,
    pub action: FileAction,
}

/// One non-canonical copy, compared with its canonical copy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CopyReport {
    pub copy: WitCopy,
    /// Semantic changes from this copy (old) to the canonical copy (new). Empty when the copies
    /// differ only cosmetically.
    pub changes: Vec<Change>,
    /// Files that differ; empty when the copy is byte-identical.
    pub files: Vec<FileUpdate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopyStatus {
    /// Byte-identical to the canonical copy.
    InSync,
    /// Bytes differ, meaning does not (comments, formatting, order). Not drift.
    Cosmetic,
    /// Semantic changes.
    Drift,
}

impl CopyReport {
    pub fn status(&self) -> CopyStatus {
        if self.files.is_empty() {
            CopyStatus::InSync
        } else if self.changes.is_empty() {
            CopyStatus::Cosmetic
        } else {
            CopyStatus::Drift
        }
    }

    /// Guests built from this copy still link against hosts built from the canonical copy.
    pub fn guests_still_link(&self) -> bool {
        self.changes.iter().all(|c| c.compat.old_guests)
    }
}

/// All copies of one package.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupReport {
    /// `ns:name@version` of the canonical copy.
    pub package: String,
    pub canonical: WitCopy,
    pub copies: Vec<CopyReport>,
}

/// A macro call whose WIT could not be used.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    pub file: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SyncReport {
    pub root: PathBuf,
    pub check: bool,
    pub groups: Vec<GroupReport>,
    pub skipped: Vec<Skipped>,
}

impl SyncReport {
    /// Copies with semantic changes.
    pub fn drifted(&self) -> impl Iterator<Item = &CopyReport> {
        self.groups
            .iter()
            .flat_map(|g| &g.copies)
            .filter(|c| c.status() == CopyStatus::Drift)
    }

    pub fn has_drift(&self) -> bool {
        self.drifted().next().is_some()
    }
}

/// Runs `wit sync` (or `wit sync --check`) and says what differed and what was written.
pub fn run_sync(opts: &SyncOptions) -> Result<SyncReport, SyncError> {
    let root = if opts.root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        opts.root.clone()
    };
    if !root.exists() {
        return Err(SyncError::RootNotFound(root));
    }
    let (copies, skipped) = discover(&root)?;

    // The explicit canonical copy takes part like any other copy.
    let canonical_key = opts.canonical.as_ref().map(|dir| normalize(dir));
    let mut copies = copies;
    if let Some(dir) = &opts.canonical
        && !copies
            .iter()
            .any(|c| Some(normalize(&c.path)) == canonical_key)
    {
        if !dir.exists() {
            return Err(SyncError::Wit {
                dir: dir.clone(),
                source: WitError::NotFound(dir.clone()),
            });
        }
        copies.push(WitCopy {
            path: dir.clone(),
            users: Vec::new(),
        });
    }

    // Read every copy's package files. Identical bytes share a slot; slots whose WIT differs
    // only in comments and whitespace share a "meaning" class, parsed once, and such copies
    // need no diff at all.
    let contents: Vec<PackageFiles> = copies
        .par_iter()
        .map(|c| PackageFiles::read(&c.path))
        .collect::<Result<_, _>>()?;
    let mut slot_rep: Vec<usize> = Vec::new(); // copy index representing each byte slot
    let mut slot_of: Vec<usize> = Vec::with_capacity(copies.len());
    let mut by_bytes: HashMap<&BTreeMap<PathBuf, Vec<u8>>, usize> = HashMap::new();
    for (i, files) in contents.iter().enumerate() {
        let next = slot_rep.len();
        let slot = *by_bytes.entry(&files.files).or_insert(next);
        if slot == next {
            slot_rep.push(i);
        }
        slot_of.push(slot);
    }
    let tokens: Vec<BTreeMap<&Path, Vec<u8>>> = slot_rep
        .par_iter()
        .map(|&i| contents[i].token_form())
        .collect();
    let mut class_of_slot: Vec<usize> = Vec::with_capacity(slot_rep.len());
    let mut class_rep: Vec<usize> = Vec::new(); // byte slot representing each class
    let mut by_tokens: HashMap<&BTreeMap<&Path, Vec<u8>>, usize> = HashMap::new();
    for (slot, form) in tokens.iter().enumerate() {
        let next = class_rep.len();
        let class = *by_tokens.entry(form).or_insert(next);
        if class == next {
            class_rep.push(slot);
        }
        class_of_slot.push(class);
    }
    let class_of = |i: usize| class_of_slot[slot_of[i]];

    // Parse one copy per class: enough to know every copy's package.
    let load = |slot: usize| {
        let path = &copies[slot_rep[slot]].path;
        WitPackage::load(&WitSource::Path(path.clone())).map_err(|source| SyncError::Wit {
            dir: path.clone(),
            source,
        })
    };
    let mut parsed: HashMap<usize, WitPackage> = class_rep
        .par_iter()
        .map(|&slot| load(slot).map(|p| (slot, p)))
        .collect::<Result<_, _>>()?;

    // Group by package `ns:name` (versions may differ between copies).
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..copies.len() {
        let pkg = &parsed[&class_rep[class_of(i)]];
        let name = &pkg.resolve.packages[pkg.package].name;
        groups
            .entry(format!("{}:{}", name.namespace, name.name))
            .or_default()
            .push(i);
    }

    // Pick the canonical copies and list the comparisons to make.
    let mut plans = Vec::new(); // (package, canonical, [(copy, files, needs diff)])
    for (package, members) in groups {
        let classes: Vec<usize> = (0..copies.len()).map(class_of).collect();
        let Some(canonical) =
            pick_canonical(&package, &members, &copies, &classes, &canonical_key)?
        else {
            continue;
        };
        let mut jobs = Vec::new();
        for &i in &members {
            if i == canonical || normalize(&copies[i].path) == normalize(&copies[canonical].path) {
                continue;
            }
            let files = plan(
                &contents[i],
                &contents[canonical],
                &copies[i].path,
                &copies[canonical].path,
            )?;
            let needs_diff = class_of(i) != class_of(canonical);
            jobs.push((i, files, needs_diff));
        }
        plans.push((canonical, jobs));
    }

    // Semantic diffs need the exact bytes of both sides parsed (for locations).
    let mut missing: BTreeSet<usize> = BTreeSet::new();
    for (canonical, jobs) in &plans {
        for (i, _, needs_diff) in jobs {
            if *needs_diff {
                missing.extend([slot_of[*i], slot_of[*canonical]]);
            }
        }
    }
    missing.retain(|slot| !parsed.contains_key(slot));
    let extra: Vec<(usize, WitPackage)> = missing
        .into_par_iter()
        .map(|slot| load(slot).map(|p| (slot, p)))
        .collect::<Result<_, _>>()?;
    parsed.extend(extra);

    let mut reports = Vec::new();
    for (canonical, jobs) in plans {
        let canon_slot = slot_of[canonical];
        let mut copy_reports: Vec<CopyReport> = jobs
            .into_par_iter()
            .map(|(i, files, needs_diff)| {
                let changes = if needs_diff {
                    let mut changes = drift::diff(&parsed[&slot_of[i]], &parsed[&canon_slot]);
                    // Locations point into the copies that were parsed; same bytes, so only
                    // the directory changes.
                    relocate(
                        &mut changes,
                        &copies[slot_rep[slot_of[i]]].path,
                        &copies[i].path,
                        false,
                    );
                    relocate(
                        &mut changes,
                        &copies[slot_rep[canon_slot]].path,
                        &copies[canonical].path,
                        true,
                    );
                    changes
                } else {
                    Vec::new()
                };
                CopyReport {
                    copy: copies[i].clone(),
                    changes,
                    files,
                }
            })
            .collect();
        copy_reports.sort_by(|a, b| a.copy.path.cmp(&b.copy.path));
        let canon_pkg = &parsed[&class_rep[class_of(canonical)]];
        reports.push(GroupReport {
            package: canon_pkg.package_name(),
            canonical: copies[canonical].clone(),
            copies: copy_reports,
        });
    }

    if !opts.check {
        for group in &reports {
            for copy in &group.copies {
                apply(&copy.copy.path, &group.canonical.path, &copy.files)?;
            }
        }
    }

    Ok(SyncReport {
        root,
        check: opts.check,
        groups: reports,
        skipped,
    })
}

fn pick_canonical(
    package: &str,
    members: &[usize],
    copies: &[WitCopy],
    classes: &[usize],
    explicit: &Option<PathBuf>,
) -> Result<Option<usize>, SyncError> {
    if let Some(key) = explicit
        && let Some(&i) = members
            .iter()
            .find(|&&i| &normalize(&copies[i].path) == key)
    {
        return Ok(Some(i));
    }
    let hosts: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| copies[i].has_host())
        .collect();
    let distinct_contents: BTreeSet<usize> = members.iter().map(|&i| classes[i]).collect();
    match hosts.as_slice() {
        [] if distinct_contents.len() <= 1 => {
            // Nothing to compare, or every copy already identical: in sync whatever the choice.
            Ok(members.first().copied())
        }
        [] => Err(SyncError::NoCanonical {
            package: package.to_string(),
            copies: members.iter().map(|&i| copies[i].path.clone()).collect(),
        }),
        [first, rest @ ..] => {
            if rest.iter().all(|&h| classes[h] == classes[*first]) {
                Ok(Some(*first))
            } else {
                Err(SyncError::AmbiguousCanonical {
                    package: package.to_string(),
                    copies: hosts.iter().map(|&i| copies[i].path.clone()).collect(),
                })
            }
        }
    }
}

/// Moves locations in the old (or, with `new_side`, the new) copy from one directory to another.
fn relocate(changes: &mut [Change], from: &Path, to: &Path, new_side: bool) {
    if from == to {
        return;
    }
    for c in changes {
        let loc = if new_side { &mut c.new } else { &mut c.old };
        if let Some(loc) = loc
            && let Ok(rest) = loc.file.strip_prefix(from)
        {
            loc.file = to.join(rest);
        }
    }
}

/// The absolute path if it exists, else the lexical form, so the same directory reached two
/// ways is one copy.
fn normalize(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| lexical(path))
}

/// `a/./b/../c` -> `a/c`.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if !last_is_normal || !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

// ---- package files --------------------------------------------------------------------------

/// The files of a WIT package, exactly those wit-parser reads: `*.wit` in the directory, and
/// in `deps/` every `*.wit`/`*.wat`/`*.wasm` file and the `*.wit` files of every subdirectory.
/// Anything else (READMEs, other directories) is not part of the package and never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFiles {
    /// Relative paths (`types.wit`, `deps/io/streams.wit`) to bytes.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// The copy is a single `.wit` file rather than a directory.
    pub single_file: bool,
}

impl PackageFiles {
    pub fn read(path: &Path) -> Result<PackageFiles, SyncError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| SyncError::Io { path: p, source }
        };
        let meta = std::fs::metadata(path).map_err(io(path))?;
        let mut files = BTreeMap::new();
        if !meta.is_dir() {
            let name = path.file_name().map(PathBuf::from).unwrap_or_default();
            files.insert(name, std::fs::read(path).map_err(io(path))?);
            return Ok(PackageFiles {
                files,
                single_file: true,
            });
        }
        read_wit_dir(path, Path::new(""), &mut files)?;
        let deps = path.join("deps");
        if deps.is_dir() {
            for entry in std::fs::read_dir(&deps).map_err(io(&deps))? {
                let entry = entry.map_err(io(&deps))?;
                let p = entry.path();
                let name = PathBuf::from(entry.file_name());
                if p.is_dir() {
                    read_wit_dir(&p, &Path::new("deps").join(&name), &mut files)?;
                } else if matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("wit" | "wat" | "wasm")
                ) {
                    files.insert(
                        Path::new("deps").join(name),
                        std::fs::read(&p).map_err(io(&p))?,
                    );
                }
            }
        }
        Ok(PackageFiles {
            files,
            single_file: false,
        })
    }
}

impl PackageFiles {
    /// See [`token_form`].
    pub fn token_form(&self) -> BTreeMap<&Path, Vec<u8>> {
        token_form(&self.files)
    }
}

/// Package files with every `.wit` reduced to its tokens: comments dropped, whitespace runs
/// one space. Equal forms mean equal token streams, hence equal meaning (docs aside, which are
/// cosmetic), so such copies need neither a parse nor a diff.
pub fn token_form(files: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<&Path, Vec<u8>> {
    files
        .iter()
        .map(|(p, bytes)| {
            let form = if p.extension().is_some_and(|e| e == "wit") {
                wit_tokens(bytes)
            } else {
                bytes.clone()
            };
            (p.as_path(), form)
        })
        .collect()
}

/// See [`token_form`]. Follows wit-parser's lexer: `//` to end of line and nested
/// `/* */` are comments; string literals are copied as they are. Every run of whitespace and
/// comments becomes one space, so tokens never merge. Unterminated comments or strings keep
/// the rest verbatim (the parse reports them).
fn wit_tokens(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len());
    let mut space = false;
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                space = true;
                i += 1;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
                space = true;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0usize;
                while i < src.len() {
                    if src[i] == b'/' && src.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if src[i] == b'*' && src.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                if depth != 0 {
                    out.extend_from_slice(&src[start..]);
                    return out;
                }
                space = true;
            }
            b'"' => {
                if space && !out.is_empty() {
                    out.push(b' ');
                }
                space = false;
                out.push(b'"');
                i += 1;
                while i < src.len() {
                    let b = src[i];
                    out.push(b);
                    i += 1;
                    if b == b'\\' && i < src.len() {
                        out.push(src[i]);
                        i += 1;
                    } else if b == b'"' {
                        break;
                    }
                }
            }
            b => {
                if space && !out.is_empty() {
                    out.push(b' ');
                }
                space = false;
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn read_wit_dir(
    dir: &Path,
    rel: &Path,
    out: &mut BTreeMap<PathBuf, Vec<u8>>,
) -> Result<(), SyncError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| SyncError::Io { path: p, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("wit") && !p.is_dir() {
            out.insert(
                rel.join(entry.file_name()),
                std::fs::read(&p).map_err(io(&p))?,
            );
        }
    }
    Ok(())
}

/// What to do to `copy` so its package files equal `canonical`'s.
fn plan(
    copy: &PackageFiles,
    canonical: &PackageFiles,
    copy_path: &Path,
    canonical_path: &Path,
) -> Result<Vec<FileUpdate>, SyncError> {
    if copy.files == canonical.files {
        return Ok(Vec::new());
    }
    if copy.single_file {
        // A single-file copy can only take a single-file package; it keeps its own name.
        let (Some((_, bytes)), 1) = (canonical.files.iter().next(), canonical.files.len()) else {
            return Err(SyncError::Shape {
                copy: copy_path.to_path_buf(),
                canonical: canonical_path.to_path_buf(),
            });
        };
        let (name, old) = copy.files.iter().next().expect("single file");
        return Ok(if old == bytes {
            Vec::new()
        } else {
            vec![FileUpdate {
                path: name.clone(),
                action: FileAction::Overwrite,
            }]
        });
    }
    let mut out = Vec::new();
    for (rel, bytes) in &canonical.files {
        // A single-file canonical copy becomes the one file of a directory copy.
        let rel = rel.clone();
        match copy.files.get(&rel) {
            Some(old) if old == bytes => {}
            Some(_) => out.push(FileUpdate {
                path: rel,
                action: FileAction::Overwrite,
            }),
            None => out.push(FileUpdate {
                path: rel,
                action: FileAction::Create,
            }),
        }
    }
    for rel in copy.files.keys() {
        if !canonical.files.contains_key(rel) {
            out.push(FileUpdate {
                path: rel.clone(),
                action: FileAction::Remove,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Writes the planned updates: each file atomically (temp file + rename), stale files removed,
/// and `deps/` subdirectories that end up empty removed too.
fn apply(copy: &Path, canonical: &Path, updates: &[FileUpdate]) -> Result<(), SyncError> {
    if updates.is_empty() {
        return Ok(());
    }
    let copy_is_file = copy.is_file();
    let canonical_is_file = canonical.is_file();
    for u in updates {
        let target = if copy_is_file {
            copy.to_path_buf()
        } else {
            copy.join(&u.path)
        };
        match u.action {
            FileAction::Create | FileAction::Overwrite => {
                let source = if canonical_is_file {
                    canonical.to_path_buf()
                } else {
                    canonical.join(&u.path)
                };
                let bytes = std::fs::read(&source).map_err(|source_err| SyncError::Io {
                    path: source.clone(),
                    source: source_err,
                })?;
                write_atomic(&target, &bytes).map_err(|e| match e {
                    crate::files::WriteError::Io { path, source } => {
                        SyncError::Write { path, source }
                    }
                    other => SyncError::Write {
                        path: target.clone(),
                        source: std::io::Error::other(other.to_string()),
                    },
                })?;
            }
            FileAction::Remove => {
                std::fs::remove_file(&target).map_err(|source| SyncError::Write {
                    path: target.clone(),
                    source,
                })?;
                if let Some(parent) = target.parent()
                    && parent != copy
                    && parent.starts_with(copy.join("deps"))
                    && parent != copy.join("deps")
                {
                    // Only succeeds when empty; anything else in it stays.
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
    Ok(())
}

// ---- discovery ------------------------------------------------------------------------------

/// Finds every WIT copy a bindgen macro under `root` reads, with the crates that read it.
///
/// The lint's discovery does the work: its walk, its manifests (renamed and
/// workspace-inherited dependencies) and its macro resolution (`use` aliases, re-exports).
/// Only packages that depend on `wasmtime` (hosts) or `wit-bindgen` take part.
pub fn discover(root: &Path) -> Result<(Vec<WitCopy>, Vec<Skipped>), SyncError> {
    let walked = lint::discover::walk_sequential(root, &lint::config::Config::default());
    if let Some((_, error)) = walked.errors.into_iter().next() {
        return Err(SyncError::Walk {
            root: root.to_path_buf(),
            message: error.to_string(),
        });
    }
    let mut manifests = Vec::new();
    for path in &walked.manifests {
        match lint::manifest::load(path, path.display().to_string()) {
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
    lint::manifest::inherit_workspace_deps(&mut manifests);
    let packages: Vec<lint::Package> = manifests
        .into_iter()
        .filter(|m| {
            m.package_name.is_some()
                && (m.depends_on(syntax::WASMTIME) || m.depends_on(syntax::WIT_BINDGEN))
        })
        .map(lint::Package::new)
        .collect();
    let owners = lint::Owners::new(&packages);
    let needles = lint::discover::Needles::default_set();

    let found: Vec<(usize, &PathBuf, Vec<syntax::BindgenUse>)> = walked
        .rust_files
        .par_iter()
        .filter_map(|file| {
            let owner = owners.of(file)?;
            match lint::discover::process_file(file, &needles, &packages[owner].names, u64::MAX) {
                FileOutcome::Parsed { facts, .. } if !facts.bindgen.is_empty() => {
                    Some((owner, file, facts.bindgen))
                }
                _ => None,
            }
        })
        .collect();

    let mut copies: BTreeMap<PathBuf, WitCopy> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (owner, file, macros) in found {
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
                        reason: format!("WIT path `{}` does not exist", path.display()),
                    });
                    continue;
                }
                let copy = copies.entry(normalize(&path)).or_insert_with(|| WitCopy {
                    path: path.clone(),
                    users: Vec::new(),
                });
                let user = CopyUser {
                    crate_name: pkg.name().to_string(),
                    host: pkg.manifest.depends_on(syntax::WASMTIME),
                    file: file.clone(),
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

// ---- rendering ------------------------------------------------------------------------------

/// `path` relative to `root` when it is inside it.
fn rel<'a>(root: &Path, path: &'a Path) -> std::borrow::Cow<'a, Path> {
    match path.strip_prefix(root) {
        Ok(p) if !p.as_os_str().is_empty() => p.into(),
        _ => path.into(),
    }
}

fn users(root: &Path, copy: &WitCopy) -> String {
    if copy.users.is_empty() {
        return "given with --canonical".to_string();
    }
    let names: Vec<String> = copy
        .users
        .iter()
        .map(|u| {
            format!(
                "`{}` ({}, {})",
                u.crate_name,
                if u.host { "host" } else { "guest" },
                rel(root, &u.file).display()
            )
        })
        .collect();
    format!("used by {}", names.join(", "))
}

/// The report as text: per package, the canonical copy and every other copy with its status,
/// its semantic changes (located in both copies) and, when writing, the files changed. The
/// summary line is [`render_summary`].
pub fn render_report(report: &SyncReport) -> String {
    let root = report.root.as_path();
    let mut out = String::new();
    for group in &report.groups {
        let _ = writeln!(
            out,
            "package `{}`: canonical copy `{}` ({})",
            group.package,
            rel(root, &group.canonical.path).display(),
            users(root, &group.canonical)
        );
        if group.copies.is_empty() {
            let _ = writeln!(out, "  no other copies");
        }
        for copy in &group.copies {
            let path = rel(root, &copy.copy.path);
            let status = match (copy.status(), report.check) {
                (CopyStatus::InSync, _) => "in sync".to_string(),
                (CopyStatus::Cosmetic, true) => {
                    "cosmetic differences only (not drift; `wit sync` would rewrite the files)"
                        .to_string()
                }
                (CopyStatus::Cosmetic, false) => "cosmetic differences only; updated".to_string(),
                (CopyStatus::Drift, check) => format!(
                    "drift, {} change{}{}; {}",
                    copy.changes.len(),
                    if copy.changes.len() == 1 { "" } else { "s" },
                    if check { "" } else { ", updated" },
                    if copy.guests_still_link() {
                        "guests built from it still link against hosts built from the canonical copy"
                    } else {
                        "guests built from it do not link against hosts built from the canonical copy"
                    }
                ),
            };
            let _ = writeln!(
                out,
                "  `{}` ({}): {status}",
                path.display(),
                users(root, &copy.copy)
            );
            for c in &copy.changes {
                let _ = writeln!(out, "    {}: {}: {}", c.label(), c.path, c.message);
                if let Some(l) = &c.old {
                    let _ = writeln!(
                        out,
                        "      this copy: {}:{}:{}",
                        rel(root, &l.file).display(),
                        l.line,
                        l.column
                    );
                }
                if let Some(l) = &c.new {
                    let _ = writeln!(
                        out,
                        "      canonical: {}:{}:{}",
                        rel(root, &l.file).display(),
                        l.line,
                        l.column
                    );
                }
            }
            if !report.check {
                for f in &copy.files {
                    let note = if f.action == FileAction::Remove {
                        " (not in the canonical copy)"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "    {} {}{note}",
                        f.action.label(),
                        path.join(&f.path).display()
                    );
                }
            }
        }
    }
    for s in &report.skipped {
        let _ = writeln!(
            out,
            "note: skipped a bindgen macro in `{}`: {}",
            rel(root, &s.file).display(),
            s.reason
        );
    }
    out
}

/// One line: what `--check` found or what sync did. On drift with `--check` it is the error
/// message (the CLI prints it after `error: ` and exits 1).
pub fn render_summary(report: &SyncReport) -> String {
    let total: usize = report.groups.iter().map(|g| g.copies.len()).sum();
    let drifted = report.drifted().count();
    let written = report
        .groups
        .iter()
        .flat_map(|g| &g.copies)
        .filter(|c| c.status() != CopyStatus::InSync)
        .count();
    let copies = |n: usize| format!("{n} cop{}", if n == 1 { "y" } else { "ies" });
    if report.groups.is_empty() {
        "no WIT copies found (no bindgen macro reads a WIT directory)".to_string()
    } else if report.check && drifted > 0 {
        format!(
            "{drifted} of {} drifted from the canonical copy; run `airssys-gen wit sync` to update {}",
            copies(total),
            if drifted == 1 { "it" } else { "them" }
        )
    } else if report.check {
        format!("{} in sync", copies(total))
    } else if written == 0 {
        format!("{} already in sync", copies(total))
    } else {
        format!("synced: {written} of {} updated", copies(total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for (rel, text) in tree {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

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
}
