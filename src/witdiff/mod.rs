//! `airssys-gen wit diff OLD NEW`: every semantic change between two versions of a WIT package
//! (and its dependencies), who it breaks, and whether the package's `@version` was bumped
//! enough — what cargo-semver-checks says about a crate, for a WIT package.
//!
//! The changes come from the drift engine ([`crate::drift`], the same one `wit sync --check`
//! uses); this module adds where the sides come from ([`source`]), the `@unstable` gates
//! ([`gates`]), the semver verdict ([`verdict`]) and the output.

pub mod gates;
pub mod source;
pub mod verdict;

use std::fmt::Write as _;
use std::path::Path;

use crate::drift::{self, Change, Location};
use crate::wit::{Features, WitPackage, WitSource};

pub use verdict::{Need, Verdict};

/// The JSON output's `schema`: bump on any incompatible change to its shape.
pub const JSON_SCHEMA: &str = "airssys-gen/wit-diff/1";

/// One side of the diff, as reported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SideInfo {
    /// What the user gave (`wit`, `main:wit`).
    pub source: String,
    /// `ns:name`.
    pub package: String,
    pub version: Option<String>,
}

/// One change and what it needs of the version.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportedChange {
    #[serde(flatten)]
    pub change: Change,
    /// `breaking`, `additive, safe for old guests`, ...
    pub label: &'static str,
    /// The item is `@unstable` (on either side): it never needs an incompatible bump.
    pub unstable: bool,
    pub needs: Need,
}

/// Everything `wit diff` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiffReport {
    pub schema: &'static str,
    pub old: SideInfo,
    pub new: SideInfo,
    pub changes: Vec<ReportedChange>,
    /// The files differ but their meaning does not (comments, docs, formatting, declaration
    /// order, file layout): no change, and no bump needed.
    pub cosmetic: bool,
    pub verdict: Verdict,
}

/// Loads both sides (paths relative to `cwd`, or `REV:PATH` from its git repository) and diffs
/// them. Errors are complete messages (bad input: exit 2).
pub fn run(old: &str, new: &str, cwd: &Path) -> Result<DiffReport, String> {
    let old_side = source::checkout(old, cwd)?;
    let new_side = source::checkout(new, cwd)?;
    // Every feature on, so `@unstable` items are seen (and known to be unstable).
    let load = |side: &source::Checkout| {
        let path = if side.path.is_absolute() || side.git.is_some() {
            side.path.clone()
        } else {
            cwd.join(&side.path)
        };
        WitPackage::load_with(&WitSource::Path(path), &Features::all())
            .map_err(|e| format!("{}: {e}", side.spec))
    };
    let old_pkg = load(&old_side)?;
    let new_pkg = load(&new_side)?;
    let info = |side: &source::Checkout, pkg: &WitPackage| {
        let name = &pkg.resolve.packages[pkg.package].name;
        SideInfo {
            source: side.spec.clone(),
            package: format!("{}:{}", name.namespace, name.name),
            version: name.version.as_ref().map(|v| v.to_string()),
        }
    };
    let (old_info, new_info) = (info(&old_side, &old_pkg), info(&new_side, &new_pkg));

    let mut changes = Vec::new();
    for mut change in drift::diff(&old_pkg, &new_pkg) {
        relocate(&mut change.old, &old_side, cwd);
        relocate(&mut change.new, &new_side, cwd);
        let unstable = gates::is_unstable(&old_pkg.resolve, &change.path)
            || gates::is_unstable(&new_pkg.resolve, &change.path);
        // The package's own version change is the bump being judged, not a reason for one.
        let needs = if change.path == new_info.package {
            Need::Nothing
        } else {
            verdict::need_of(&change, unstable)
        };
        changes.push(ReportedChange {
            label: change.label(),
            needs,
            unstable,
            change,
        });
    }
    let need = changes
        .iter()
        .map(|c| c.needs)
        .max()
        .unwrap_or(Need::Nothing);
    let version = |p: &WitPackage| p.resolve.packages[p.package].name.version.clone();
    let verdict = verdict::judge(version(&old_pkg).as_ref(), version(&new_pkg).as_ref(), need);
    let cosmetic = changes.is_empty() && old_pkg.files != new_pkg.files;
    Ok(DiffReport {
        schema: JSON_SCHEMA,
        old: old_info,
        new: new_info,
        changes,
        cosmetic,
        verdict,
    })
}

/// Locations in a git checkout name `REV:PATH/file`; others are shown relative to `cwd`.
fn relocate(loc: &mut Option<Location>, side: &source::Checkout, cwd: &Path) {
    if let Some(l) = loc {
        let shown = side.display_path(&l.file);
        l.file = shown
            .strip_prefix(cwd)
            .map(Path::to_path_buf)
            .unwrap_or(shown);
    }
}

/// The report as text: the two sides, every change (with what it needs and where it is in
/// both), and the verdict.
pub fn render_text(r: &DiffReport) -> String {
    let mut out = String::new();
    let side = |s: &SideInfo| match &s.version {
        Some(v) => format!("`{}@{v}` ({})", s.package, s.source),
        None => format!("`{}`, no @version ({})", s.package, s.source),
    };
    let _ = writeln!(out, "old: {}\nnew: {}", side(&r.old), side(&r.new));
    if r.cosmetic {
        let _ = writeln!(
            out,
            "cosmetic differences only (comments, docs, formatting, order, file layout): no semantic changes"
        );
    } else if r.changes.is_empty() {
        let _ = writeln!(out, "identical");
    }
    for c in &r.changes {
        let needs = match c.needs {
            Need::Nothing => "the version bump being judged",
            Need::Compatible => "needs a compatible bump",
            Need::Incompatible => "needs an incompatible bump",
        };
        let gate = if c.unstable { ", @unstable" } else { "" };
        let _ = writeln!(
            out,
            "  {}: {}: {} [{needs}{gate}]",
            c.label, c.change.path, c.change.message
        );
        if let Some(l) = &c.change.old {
            let _ = writeln!(out, "    old: {l}");
        }
        if let Some(l) = &c.change.new {
            let _ = writeln!(out, "    new: {l}");
        }
    }
    let _ = writeln!(
        out,
        "{}: {}",
        if r.verdict.ok { "version" } else { "error" },
        r.verdict.message
    );
    out
}

/// The changes that set the verdict's need (named by `--check`'s error and the lint rule).
pub fn driving_changes(r: &DiffReport) -> Vec<&ReportedChange> {
    r.changes
        .iter()
        .filter(|c| c.needs == r.verdict.need && c.needs > Need::Nothing)
        .collect()
}

/// The report as JSON (schema [`JSON_SCHEMA`]).
pub fn render_json(r: &DiffReport) -> String {
    serde_json::to_string_pretty(r).expect("the report serializes")
}
