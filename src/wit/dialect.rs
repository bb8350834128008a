//! Crates pinned to a bindgen release whose WIT dialect predates the one the parser reads:
//! WIT without semicolons, which wasm-tools stopped accepting by default in October 2023
//! (wasmtime 15 and wit-bindgen 0.14 shipped the change). Their WIT is not checked or
//! synced, and the tools say so instead of reporting a parse error.

use std::path::{Path, PathBuf};

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
    pub pin: Pin,
    /// The first release to require the current syntax.
    pub first_current: &'static str,
}

/// How the package pins the old release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// Its requirement, as written (`"0.8"`).
    Requires(String),
    /// A dependency with no version requirement (`git = .., rev = ..`, or a path): the
    /// version its `Cargo.lock` resolved.
    Locked { version: String, lock: PathBuf },
}

impl OldDialect {
    /// How the crate pins it, as a clause: "requires `wit-bindgen` `0.8`", "locks `wasmtime`
    /// at `9.0.0` (`Cargo.lock`)".
    pub fn how(&self, show: impl Fn(&Path) -> String) -> String {
        let name = self.crate_name;
        match &self.pin {
            Pin::Requires(req) => format!("requires `{name}` `{req}`"),
            Pin::Locked { version, lock } => {
                format!("locks `{name}` at `{version}` (`{}`)", show(lock))
            }
        }
    }
}

/// Whether the package's requirement on the crate behind `kind`'s macro allows only
/// releases older than the first that reads today's WIT; for a dependency without a
/// version requirement, whether every version of it its `Cargo.lock` holds is older.
pub fn old_dialect(manifest: &Manifest, kind: MacroKind) -> Option<OldDialect> {
    let (crate_name, _, first, first_current) = *FIRST_CURRENT.iter().find(|f| f.1 == kind)?;
    let dep = manifest.deps.iter().find(|d| d.package == crate_name)?;
    let pin = match dep.req.as_deref() {
        Some(written) => {
            let req = semver::VersionReq::parse(written).ok()?;
            // The lowest version the requirement allows, as far as its comparators tell.
            let lowest = req.comparators.iter().find_map(|c| match c.op {
                semver::Op::Caret
                | semver::Op::Tilde
                | semver::Op::Exact
                | semver::Op::GreaterEq => Some((c.major, c.minor.unwrap_or(0))),
                _ => None,
            })?;
            (lowest < first).then(|| Pin::Requires(written.to_string()))?
        }
        None => {
            let (lock, version) = locked(manifest.dir(), crate_name)?;
            ((version.major, version.minor) < first).then(|| Pin::Locked {
                version: version.to_string(),
                lock,
            })?
        }
    };
    Some(OldDialect {
        crate_name,
        pin,
        first_current,
    })
}

/// The newest version of `crate_name` in the `Cargo.lock` nearest above `dir` (the
/// workspace's), with that lock's path.
fn locked(dir: &Path, crate_name: &str) -> Option<(PathBuf, semver::Version)> {
    let lock = dir
        .ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())?;
    let table: toml::Table = std::fs::read_to_string(&lock).ok()?.parse().ok()?;
    let newest = table
        .get("package")?
        .as_array()?
        .iter()
        .filter(|p| p.get("name").and_then(toml::Value::as_str) == Some(crate_name))
        .filter_map(|p| semver::Version::parse(p.get("version")?.as_str()?).ok())
        .max()?;
    Some((lock, newest))
}
