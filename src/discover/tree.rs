//! Reading every `.rs` file of a tree once, in parallel: its module declarations (for the
//! module trees of its package's targets) and, when a needle matches, its syn facts. A file
//! inside a package that none of the package's targets reaches is not compiled by cargo,
//! so it is dropped (and counted).

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::PathBuf;

use rayon::prelude::*;

use super::file::{self, FileOutcome, Needles, Problem};
use super::modtree::ModDecl;
use super::syntax::{CrateNames, Registrations};
use super::targets::{self, Reached, Target};
use super::{Owners, Package};

/// One file cargo compiles (or one outside any package).
pub struct TreeFile {
    pub path: PathBuf,
    pub package: Option<usize>,
    /// The target whose module tree holds it; `None` outside a package or in a package
    /// where cargo finds no target (then every file of it is kept).
    pub target: Option<Target>,
    pub outcome: FileOutcome,
}

pub struct Tree {
    /// In the order of the given paths.
    pub files: Vec<TreeFile>,
    /// Files inside a package that no target of it reaches.
    pub unreached: usize,
    /// The files that took longest to read and parse, slowest first (at most 5).
    pub slowest: Vec<(std::time::Duration, PathBuf)>,
}

/// Reads `rust_files` with the needles of their package (`needles[i]` for package `i`,
/// `default` outside packages).
pub fn read_tree(
    rust_files: &[PathBuf],
    packages: &[Package],
    needles: &[Needles],
    default: &Needles,
    max_size: u64,
) -> Tree {
    let owners = Owners::new(packages);
    let canonical = CrateNames::canonical();
    let reads: Vec<Read> = rust_files
        .par_iter()
        .map(|path| {
            let package = owners.of(path);
            let (needles, names) = match package {
                Some(i) => (&needles[i], &packages[i].names),
                None => (default, &canonical),
            };
            let started = std::time::Instant::now();
            // A bug in a parser must cost one file, not the run.
            let read = std::panic::catch_unwind(|| {
                file::read_file(
                    path,
                    needles,
                    names,
                    Registrations::All,
                    max_size,
                    package.is_some(),
                )
            })
            .unwrap_or_else(|_| file::FileRead {
                decls: Vec::new(),
                outcome: FileOutcome::Problem {
                    kind: Problem::Unparsable,
                    message: "internal error while parsing this file; not linted".to_string(),
                    text: None,
                    range: None,
                },
            });
            Read {
                path: path.clone(),
                package,
                decls: read.decls,
                outcome: read.outcome,
                took: started.elapsed(),
            }
        })
        .collect();

    let (reached, compiled) = reach_all(packages, &reads);
    let mut slowest: Vec<(std::time::Duration, PathBuf)> =
        reads.iter().map(|r| (r.took, r.path.clone())).collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    slowest.truncate(5);
    let mut tree = Tree {
        files: Vec::new(),
        unreached: 0,
        slowest,
    };
    for read in reads {
        let target = match read.package {
            Some(p) => match reached.get(&read.path) {
                Some(t) => Some(t.clone()),
                None if compiled[p] => {
                    tree.unreached += 1;
                    continue;
                }
                None => None,
            },
            None => None,
        };
        tree.files.push(TreeFile {
            path: read.path,
            package: read.package,
            target,
            outcome: read.outcome,
        });
    }
    tree
}

struct Read {
    took: std::time::Duration,
    path: PathBuf,
    package: Option<usize>,
    decls: Vec<ModDecl>,
    outcome: FileOutcome,
}

/// Files reached by each package's targets, keyed by path; and per package, whether cargo
/// finds any target in it.
fn reach_all(packages: &[Package], reads: &[Read]) -> (Reached, Vec<bool>) {
    let mut decls: std::collections::HashMap<&OsStr, &[ModDecl], foldhash::fast::RandomState> =
        Default::default();
    decls.extend(
        reads
            .iter()
            .filter(|r| r.package.is_some())
            .map(|r| (r.path.as_os_str(), r.decls.as_slice())),
    );
    let per_package: Vec<Reached> = packages
        .par_iter()
        .map(|p| {
            let targets = targets::targets(&p.manifest);
            // Files outside the walk (an enclosing crate's root, `#[path]` elsewhere) are
            // read here.
            targets::reach(
                &targets,
                |path| match decls.get(path.as_os_str()) {
                    Some(d) => Some(Cow::Borrowed(*d)),
                    None => targets::scan_file(path),
                },
                // Walked files exist; only others cost a `stat`.
                |path| decls.contains_key(path.as_os_str()) || path.is_file(),
            )
        })
        .collect();
    let compiled = per_package.iter().map(|m| !m.is_empty()).collect();
    let mut all = Reached::default();
    for map in per_package {
        for (path, target) in map.into_entries() {
            let keep = all
                .get(&path)
                .is_some_and(|t| t.kind.is_main() || !target.kind.is_main());
            if !keep {
                all.insert(path, target);
            }
        }
    }
    (all, compiled)
}
