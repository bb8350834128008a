//! `airssys-gen wit sync`: find every copy of a WIT package that a bindgen macro reads, compare
//! each with the canonical copy, and (without `--check`) make them byte-identical.
//!
//! Discovery needs no configuration and is the lint's (see [`crate::discover`]): walk the tree
//! (honouring `.gitignore`, skipping `target/`), find the Cargo packages, read the `path`
//! argument of every `wasmtime::component::bindgen!` and `wit_bindgen::generate!` call
//! (default `wit`, relative to the crate), parse
//! each copy with wit-parser and group the copies by package name. The canonical copy of a
//! package is `--canonical DIR`, else the copy a host crate (one that depends on `wasmtime`)
//! uses; without either it is an error that says to pass `--canonical`, unless the copies are
//! namesakes, not copies ([`crate::wit::namesakes`]): those are skipped with a note.
//!
//! Speed: copies are compared byte for byte first; wit-parser only runs once per distinct
//! content (in parallel), and the semantic diff only for copies whose bytes differ.

mod copies;
mod package_files;
mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::discover::walk::lexical;
use crate::drift::{self, Change};
use crate::wit::namesakes::{self, Namesake};
use crate::wit::{WitError, WitPackage};

pub use copies::discover;
pub use package_files::PackageFiles;
use package_files::{apply, plan};
pub use render::{render_report, render_summary};

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
    /// The crate's cargo workspace (its root's directory, or its own).
    #[serde(skip)]
    pub workspace: PathBuf,
    /// That workspace holds a host crate.
    #[serde(skip)]
    pub workspace_has_host: bool,
}

/// A WIT copy that some bindgen macro reads.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WitCopy {
    /// The directory (or single `.wit` file) as found: the crate dir joined with the macro path.
    pub path: PathBuf,
    pub users: Vec<CopyUser>,
    /// The paths a macro's `path: [..]` lists before this one (the first macro that reads
    /// it): parsed first, as the macros do, since this copy may use their packages.
    #[serde(skip)]
    pub before: Vec<PathBuf>,
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
    let (copies, mut skipped) = discover(&root)?;

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
            before: Vec::new(),
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
        let copy = &copies[slot_rep[slot]];
        let path = &copy.path;
        // Every `@unstable` item takes part in the comparison (wasmtime's `bindgen!` sees them
        // all), so gated worlds and interfaces resolve.
        WitPackage::load_after(path, &copy.before, &crate::wit::Features::all()).map_err(|source| {
            SyncError::Wit {
                dir: path.clone(),
                source,
            }
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
        // A crate that reads two copies of one package keeps variants, not drift.
        if opts.canonical.is_none()
            && let Some(user) = variant_reader(&members, &copies)
        {
            skipped.push(Skipped {
                file: user.file.clone(),
                reason: format!(
                    "crate `{}` reads {} copies of package `{package}` (variants, not drift); not synced: pass `--canonical DIR` to sync them",
                    user.crate_name,
                    members
                        .iter()
                        .filter(|&&i| copies[i].users.iter().any(|u| u.crate_name == user.crate_name))
                        .count()
                ),
            });
            continue;
        }
        // Packages that only share a name ([`namesakes`]), when no host says otherwise.
        let distinct: BTreeSet<usize> = members.iter().map(|&i| class_of(i)).collect();
        if opts.canonical.is_none()
            && distinct.len() > 1
            && !members.iter().any(|&i| copies[i].has_host())
        {
            let group: Vec<Namesake<'_>> = members
                .iter()
                .map(|&i| Namesake {
                    dir: &copies[i].path,
                    pkg: &parsed[&class_rep[class_of(i)]],
                    form: &tokens[slot_of[i]],
                })
                .collect();
            if let Some(why) = namesakes::not_copies(&group)
                && let Some(user) = copies[members[0]].users.first()
            {
                skipped.push(Skipped {
                    file: user.file.clone(),
                    reason: format!(
                        "the {} copies of package `{package}` {why}: not copies of one package; not synced: pass `--canonical DIR` to sync them",
                        members.len()
                    ),
                });
                continue;
            }
        }
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
            if opts.canonical.is_none() && apart(&copies[i], &copies[canonical]) {
                if let Some(user) = copies[i].users.first() {
                    skipped.push(Skipped {
                        file: user.file.clone(),
                        reason: format!(
                            "`{}` of package `{package}` is read only in cargo workspaces with a host of their own, not the one of canonical `{}`: another system; not synced: pass `--canonical DIR` to sync it",
                            copies[i].path.display(),
                            copies[canonical].path.display()
                        ),
                    });
                }
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

/// `copy` belongs to another system than the canonical copy `canon`
/// ([`namesakes::other_system`]).
fn apart(copy: &WitCopy, canon: &WitCopy) -> bool {
    let canon_ws: Vec<&Path> = canon.users.iter().map(|u| u.workspace.as_path()).collect();
    let readers = copy.users.iter().map(|u| namesakes::CopyReader {
        workspace: &u.workspace,
        workspace_has_host: u.workspace_has_host,
        host: u.host,
    });
    namesakes::other_system(readers, &canon_ws)
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

/// A user that reads two or more of the `members` copies ([`crate::wit::variants`]).
fn variant_reader<'c>(members: &[usize], copies: &'c [WitCopy]) -> Option<&'c CopyUser> {
    let crates: Vec<Vec<&str>> = members
        .iter()
        .map(|&i| {
            copies[i]
                .users
                .iter()
                .map(|u| u.crate_name.as_str())
                .collect()
        })
        .collect();
    let name = *crate::wit::variants::reader_of_two(&crates)?;
    members
        .iter()
        .flat_map(|&i| &copies[i].users)
        .find(|u| u.crate_name == name)
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
