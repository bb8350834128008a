//! WIT that fails to load for a reason that is not a mistake in the checkout: dependency
//! packages a tool fetches at build time (`wkg`, `wit-deps`), or a crate pinned to a
//! bindgen release whose WIT dialect predates the one the parser reads.
//!
//! `bindgen-wit-missing` leaves such WIT alone; `wit-deps-not-fetched` and `old-wit-dialect`
//! say why it was not checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use wit_parser::UnresolvedPackageGroup;

use super::{Context, SourceFile};
use crate::discover::syntax::{BindgenUse, MacroKind};
use crate::wit::WitError;

/// Why a macro's WIT is not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unchecked {
    /// `missing` are not in `deps/`; `tool` fetches them, as `manifest` declares.
    DepsNotFetched {
        tool: &'static str,
        command: &'static str,
        manifest: PathBuf,
        missing: Vec<String>,
    },
    /// The crate requires `crate_name` at `req`, older than `first_current`, the first
    /// release whose parser requires today's WIT syntax.
    OldDialect {
        crate_name: &'static str,
        req: String,
        first_current: &'static str,
    },
}

/// The releases whose WIT parser first required semicolons (wasm-tools made them the
/// default in October 2023; wasmtime 15 and wit-bindgen 0.14 shipped it).
const FIRST_CURRENT: [(&str, MacroKind, u64, u64); 2] = [
    ("wit-bindgen", MacroKind::Guest, 0, 14),
    ("wasmtime", MacroKind::Host, 15, 0),
];

/// Why the WIT at `dir`, which failed to load with `error`, is not a finding.
pub fn why(
    cx: &Context<'_>,
    file: &SourceFile,
    b: &BindgenUse,
    dir: &Path,
    error: &WitError,
) -> Option<Unchecked> {
    let WitError::Invalid(_) = error else {
        return None;
    };
    if let Some(old) = old_dialect(cx, file, b) {
        return Some(old);
    }
    let missing = missing_packages(dir)?;
    let stop = file.package.map(|p| cx.packages[p].root().to_path_buf());
    fetched_by(dir, stop.as_deref(), &missing)
}

fn old_dialect(cx: &Context<'_>, file: &SourceFile, b: &BindgenUse) -> Option<Unchecked> {
    let package = &cx.packages[file.package?];
    let (crate_name, _, major, minor) = *FIRST_CURRENT.iter().find(|f| f.1 == b.kind)?;
    let dep = package
        .manifest
        .deps
        .iter()
        .find(|d| d.package == crate_name)?;
    let req = semver::VersionReq::parse(dep.req.as_deref()?).ok()?;
    // The lowest version the requirement allows, as far as its comparators tell.
    let lowest = req.comparators.iter().find_map(|c| match c.op {
        semver::Op::Caret | semver::Op::Tilde | semver::Op::Exact | semver::Op::GreaterEq => {
            Some((c.major, c.minor.unwrap_or(0)))
        }
        _ => None,
    })?;
    (lowest < (major, minor)).then(|| Unchecked::OldDialect {
        crate_name,
        req: dep.req.clone().unwrap_or_default(),
        first_current: if crate_name == "wasmtime" { "15" } else { "0.14" },
    })
}

/// Packages the WIT at `dir` uses that neither it nor its `deps/` defines. `None` when the
/// WIT does not even parse on its own, or nothing is missing.
fn missing_packages(dir: &Path) -> Option<Vec<String>> {
    let group = parse(dir)?;
    let mut defined: BTreeSet<String> = BTreeSet::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut note = |g: &UnresolvedPackageGroup| {
        for p in std::iter::once(&g.main).chain(&g.nested) {
            defined.insert(p.name.to_string());
            used.extend(p.foreign_deps.keys().map(|n| n.to_string()));
        }
    };
    note(&group);
    if let Ok(entries) = std::fs::read_dir(dir.join("deps")) {
        for entry in entries.flatten() {
            if let Some(g) = parse(&entry.path()) {
                note(&g);
            }
        }
    }
    let missing: Vec<String> = used.difference(&defined).cloned().collect();
    (!missing.is_empty()).then_some(missing)
}

fn parse(path: &Path) -> Option<UnresolvedPackageGroup> {
    if path.is_dir() {
        UnresolvedPackageGroup::parse_dir(path).ok()
    } else if path.extension().is_some_and(|e| e == "wit") {
        let text = std::fs::read_to_string(path).ok()?;
        UnresolvedPackageGroup::parse(path, &text).ok()
    } else {
        None
    }
}

/// The tool that fetches every missing package into `dir/deps`: wit-deps (`deps.toml` or
/// `deps.lock` in the WIT directory, naming each), or wkg (`wkg.toml` or `wkg.lock` in a
/// directory from the WIT's parent up to `stop`; a lock must name each, a `wkg.toml`
/// fetches whatever the WIT uses).
fn fetched_by(dir: &Path, stop: Option<&Path>, missing: &[String]) -> Option<Unchecked> {
    for name in ["deps.toml", "deps.lock"] {
        let manifest = dir.join(name);
        if let Some(keys) = toml_keys(&manifest)
            && missing.iter().all(|m| wit_deps_declares(&keys, m))
        {
            return Some(Unchecked::DepsNotFetched {
                tool: "wit-deps",
                command: "wit-deps",
                manifest,
                missing: missing.to_vec(),
            });
        }
    }
    let mut at = dir.parent();
    while let Some(d) = at {
        let toml = d.join("wkg.toml");
        if toml.is_file() {
            return Some(wkg(toml, missing));
        }
        let lock = d.join("wkg.lock");
        if let Some(names) = wkg_lock_names(&lock)
            && missing.iter().all(|m| names.contains(base_name(m)))
        {
            return Some(wkg(lock, missing));
        }
        if Some(d) == stop {
            break;
        }
        at = d.parent();
    }
    None
}

fn wkg(manifest: PathBuf, missing: &[String]) -> Unchecked {
    Unchecked::DepsNotFetched {
        tool: "wkg",
        command: "wkg wit fetch",
        manifest,
        missing: missing.to_vec(),
    }
}

/// `wasi:http@0.2.0` -> `wasi:http`.
fn base_name(package: &str) -> &str {
    package.split('@').next().unwrap_or(package)
}

/// wit-deps names a dependency by its directory under `deps/`: `http`, `wasi-http`, ...
fn wit_deps_declares(keys: &BTreeSet<String>, package: &str) -> bool {
    let base = base_name(package);
    let (ns, name) = base.split_once(':').unwrap_or(("", base));
    keys.contains(name) || keys.contains(&format!("{ns}-{name}")) || keys.contains(base)
}

fn toml_keys(path: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = text.parse().ok()?;
    Some(table.keys().cloned().collect())
}

/// `[[packages]] name = ".."` of a `wkg.lock`.
fn wkg_lock_names(path: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let packages = table.get("packages")?.as_array()?;
    Some(
        packages
            .iter()
            .filter_map(|p| p.get("name")?.as_str().map(str::to_string))
            .collect(),
    )
}

/// Calls `f` for every directory a macro reads whose WIT is not checked, with the reason.
pub fn each<'c>(
    cx: &'c Context<'_>,
    mut f: impl FnMut(&'c SourceFile, &'c BindgenUse, &super::wit_info::WitDir<'c>, Unchecked),
) {
    for file in cx.files {
        for b in &file.facts.bindgen {
            for d in super::wit_info::macro_dirs(&cx.macro_root(file), b) {
                if let Some(Err(e)) = cx.wit.get(&d).map(|l| l.as_ref())
                    && let Some(why) = why(cx, file, b, &d.dir, e)
                {
                    f(file, b, &d, why);
                }
            }
        }
    }
}
