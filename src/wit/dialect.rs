//! Crates pinned to a bindgen release whose WIT dialect predates the one the parser reads:
//! WIT without semicolons, which wasm-tools stopped accepting by default in October 2023
//! (wasmtime 15 and wit-bindgen 0.14 shipped the change). Their WIT is not checked or
//! synced, and the tools say so instead of reporting a parse error.

use crate::discover::manifest::Manifest;
use crate::discover::syntax::MacroKind;

/// The crate a macro comes from, and the first release of it whose parser requires the
/// current syntax, as `(major, minor)` and as written.
const FIRST_CURRENT: [(&str, MacroKind, (u64, u64), &str); 2] = [
    ("wit-bindgen", MacroKind::Guest, (0, 14), "0.14"),
    ("wasmtime", MacroKind::Host, (15, 0), "15"),
];

/// A package that requires an old bindgen release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldDialect {
    pub crate_name: &'static str,
    /// The requirement as written (`"0.8"`).
    pub req: String,
    /// The first release to require the current syntax.
    pub first_current: &'static str,
}

/// Whether the package's requirement on the crate behind `kind`'s macro allows only
/// releases older than the first that reads today's WIT.
pub fn old_dialect(manifest: &Manifest, kind: MacroKind) -> Option<OldDialect> {
    let (crate_name, _, first, first_current) = *FIRST_CURRENT.iter().find(|f| f.1 == kind)?;
    let dep = manifest.deps.iter().find(|d| d.package == crate_name)?;
    let written = dep.req.as_deref()?;
    let req = semver::VersionReq::parse(written).ok()?;
    // The lowest version the requirement allows, as far as its comparators tell.
    let lowest = req.comparators.iter().find_map(|c| match c.op {
        semver::Op::Caret | semver::Op::Tilde | semver::Op::Exact | semver::Op::GreaterEq => {
            Some((c.major, c.minor.unwrap_or(0)))
        }
        _ => None,
    })?;
    (lowest < first).then(|| OldDialect {
        crate_name,
        req: written.to_string(),
        first_current,
    })
}
