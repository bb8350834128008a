//! WIT that fails to load for a reason that is not a mistake in the checkout: dependency
//! packages a tool fetches at build time (`wkg`, `wit-deps`), a directory a checkout lacks by
//! design (gitignored, or in a git submodule not checked out), or a crate pinned to a bindgen
//! release whose WIT dialect predates the one the parser reads.
//!
//! The reasons are found once per run ([`UncheckedWit::find`], after the WIT is loaded);
//! `bindgen-wit-missing` leaves such WIT alone, and `wit-deps-not-fetched`,
//! `wit-not-checked-out` and `old-wit-dialect` say why it was not checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Context, SourceFile};
use crate::diag::Label;
use crate::discover::absent::{Absent, absent_by_design};
use crate::discover::syntax::BindgenUse;
use crate::wit::WitError;
use crate::wit::dialect::{self, OldDialect};
use crate::wit::fetched::{Fetched, Reader, fetched, fetched_missing};

/// Why a macro's WIT is not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unchecked {
    /// Packages `deps/` lacks, which a tool fetches at build time.
    DepsNotFetched(Fetched),
    /// The directory does not exist, by design: gitignored, or in a submodule not checked out.
    NotCheckedOut(Absent),
    /// The crate pins a bindgen release older than the WIT syntax the parser reads.
    OldDialect(OldDialect),
}

/// Why the WIT at `dir`, which failed to load with `error`, is not a finding.
fn why(
    cx: &Context<'_>,
    file: &SourceFile,
    b: &BindgenUse,
    dir: &Path,
    error: &WitError,
) -> Option<Unchecked> {
    if let WitError::NotFound(_) = error {
        return absent_by_design(dir).map(Unchecked::NotCheckedOut);
    }
    let WitError::Invalid(_) = error else {
        return None;
    };
    if let Some(old) = old_dialect(cx, file, b) {
        return Some(old);
    }
    let reader = file.package.map(|p| Reader {
        root: cx.packages[p].root(),
        manifests: cx.manifests,
    });
    match cx.wit.missing_packages(dir) {
        Some(missing) => fetched_missing(dir, reader, missing),
        None => fetched(dir, reader),
    }
    .map(Unchecked::DepsNotFetched)
}

fn old_dialect(cx: &Context<'_>, file: &SourceFile, b: &BindgenUse) -> Option<Unchecked> {
    dialect::old_dialect(&cx.packages[file.package?].manifest, b.kind).map(Unchecked::OldDialect)
}

/// Every directory a macro reads whose WIT failed to load for a reason that is not a
/// finding, keyed by (file, macro call, directory).
#[derive(Default)]
pub struct UncheckedWit(BTreeMap<(PathBuf, usize, PathBuf), Unchecked>);

impl UncheckedWit {
    /// Looks at every failed load once (the WIT parses and searches behind a reason are
    /// not repeated by each rule that needs it).
    pub fn find(cx: &Context<'_>) -> UncheckedWit {
        let mut found = BTreeMap::new();
        for file in cx.files {
            for b in &file.facts.bindgen {
                for d in super::wit_info::macro_dirs(&cx.macro_root(file), b) {
                    if let Some(Err(e)) = cx.wit.get(&d).map(|l| l.as_ref())
                        && let Some(why) = why(cx, file, b, &d.dir, e)
                    {
                        found.insert((file.path.clone(), b.path_range.start, d.dir), why);
                    }
                }
            }
        }
        UncheckedWit(found)
    }

    /// Why the WIT `dir` that macro `b` of `file` reads is not checked, if it is not.
    pub fn get(&self, file: &SourceFile, b: &BindgenUse, dir: &Path) -> Option<&Unchecked> {
        self.0
            .get(&(file.path.clone(), b.path_range.start, dir.to_path_buf()))
    }
}

/// Calls `f` for every directory a macro reads whose WIT is not checked, with the reason.
pub fn each<'c>(
    cx: &'c Context<'_>,
    mut f: impl FnMut(&'c SourceFile, &'c BindgenUse, &super::wit_info::WitDir<'c>, &Unchecked),
) {
    for file in cx.files {
        for b in &file.facts.bindgen {
            for d in super::wit_info::macro_dirs(&cx.macro_root(file), b) {
                if let Some(why) = cx.unchecked.get(file, b, &d.dir) {
                    f(file, b, &d, why);
                }
            }
        }
    }
}

/// Where a note about a directory points: the `path` literal naming it, else the macro.
pub fn label(file: &SourceFile, b: &BindgenUse, d: &super::wit_info::WitDir<'_>) -> Label {
    match d.lit {
        Some(lit) => file.label(lit.range.clone()),
        None => file.label(b.path_range.clone()),
    }
}
