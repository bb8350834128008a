//! WIT whose `deps/` a package manager fills at build time: `wkg` (`wkg.toml` / `wkg.lock`)
//! or `wit-deps` (`deps.toml` / `deps.lock`), or the tests of the package in whose `tests/`
//! the crate is a fixture. In a checkout such a `deps/` is usually absent (gitignored), so
//! the WIT cannot be resolved, and it must never be rewritten by a sync.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use wit_parser::UnresolvedPackageGroup;

use crate::discover::manifest::Manifest;

/// Who fetches the packages a WIT directory lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub by: Fetcher,
    /// The file that declares them (for a fixture: the manifest of the package it serves).
    pub manifest: PathBuf,
    /// The packages (`ns:name@version`) the WIT uses and `deps/` lacks.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetcher {
    /// A WIT package manager, and the command that fetches.
    Tool {
        tool: &'static str,
        command: &'static str,
    },
    /// The tests of the package (named) in whose `tests/` the crate sits: a fixture, which
    /// those tests prepare (wasm-pkg-tools' tests run `wkg` on a copy of theirs).
    TestsOf(String),
}

impl Fetched {
    /// Who provides the packages, as a clause: "wkg fetches them (`wkg.toml`)".
    pub fn who(&self, manifest: &str) -> String {
        match &self.by {
            Fetcher::Tool { tool, .. } => format!("{tool} fetches them (`{manifest}`)"),
            Fetcher::TestsOf(package) => format!(
                "the crate is a fixture in the tests of `{package}` (`{manifest}`), which provide them"
            ),
        }
    }

    /// The command that fetches them, when there is one to name.
    pub fn command(&self) -> Option<&'static str> {
        match &self.by {
            Fetcher::Tool { command, .. } => Some(command),
            Fetcher::TestsOf(_) => None,
        }
    }
}

/// The crate whose macro reads the WIT: its root (where the search for `wkg.*` stops) and
/// every manifest found with it (to tell a fixture in another package's `tests/`).
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub root: &'a Path,
    pub manifests: &'a [Arc<Manifest>],
}

/// The packages the WIT at `dir` uses but lacks, when a package manager declares every one
/// of them (searching for `wkg.*` up to the reader's root), or the reader is a fixture in
/// another package's `tests/`. `None` when nothing is missing, the WIT does not parse on its
/// own, or a missing package is provided by nobody.
pub fn fetched(dir: &Path, reader: Option<Reader<'_>>) -> Option<Fetched> {
    let missing = missing_packages(dir)?;
    fetched_by(dir, reader, &missing)
}

/// [`fetched`] for WIT already parsed: `missing` are the packages it uses and lacks.
pub fn fetched_missing(
    dir: &Path,
    reader: Option<Reader<'_>>,
    missing: &[String],
) -> Option<Fetched> {
    if missing.is_empty() {
        return None;
    }
    fetched_by(dir, reader, missing)
}

/// Packages the WIT at `dir` uses that neither it nor its `deps/` defines. `None` when the
/// WIT does not even parse on its own, or nothing is missing.
pub(super) fn missing_packages(dir: &Path) -> Option<Vec<String>> {
    let group = super::parse_unresolved(dir)?;
    let deps = deps_groups(dir);
    let missing = missing_in(std::iter::once(&group).chain(&deps));
    (!missing.is_empty()).then_some(missing)
}

/// The packages under `dir/deps` that parse on their own.
fn deps_groups(dir: &Path) -> Vec<UnresolvedPackageGroup> {
    std::fs::read_dir(dir.join("deps"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| super::parse_unresolved(&entry.path()))
        .collect()
}

/// Packages that `groups` use and none of them defines.
pub(super) fn missing_in<'g>(
    groups: impl IntoIterator<Item = &'g UnresolvedPackageGroup>,
) -> Vec<String> {
    let mut defined: BTreeSet<String> = BTreeSet::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for g in groups {
        for p in std::iter::once(&g.main).chain(&g.nested) {
            defined.insert(p.name.to_string());
            used.extend(p.foreign_deps.keys().map(|n| n.to_string()));
        }
    }
    used.difference(&defined).cloned().collect()
}

/// Who provides every missing package in `dir/deps`: wit-deps (`deps.toml` or `deps.lock`
/// in the WIT directory, naming each), wkg (`wkg.toml` or `wkg.lock` in a directory from the
/// WIT's parent up to the reader's root; a lock must name each, a `wkg.toml` fetches
/// whatever the WIT uses), else the tests of the package whose fixture the reader is.
fn fetched_by(dir: &Path, reader: Option<Reader<'_>>, missing: &[String]) -> Option<Fetched> {
    let stop = reader.map(|r| r.root);
    for name in ["deps.toml", "deps.lock"] {
        let manifest = dir.join(name);
        if let Some(pending) = WitDepsPending::read(dir, &manifest)
            && missing.iter().all(|m| pending.provides(m))
        {
            return Some(Fetched {
                by: Fetcher::Tool {
                    tool: "wit-deps",
                    command: "wit-deps",
                },
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
    let reader = reader?;
    let (package, manifest) = fixture_of(reader.root, reader.manifests)?;
    Some(Fetched {
        by: Fetcher::TestsOf(package.to_string()),
        manifest: manifest.to_path_buf(),
        missing: missing.to_vec(),
    })
}

/// The package among `manifests` in whose `tests/` the crate at `crate_root` sits, the
/// nearest one (its name and manifest): cargo never builds such a crate as part of that
/// package; its tests do.
fn fixture_of<'m>(
    crate_root: &Path,
    manifests: &'m [Arc<Manifest>],
) -> Option<(&'m str, &'m Path)> {
    manifests
        .iter()
        .filter(|m| {
            crate_root
                .strip_prefix(m.dir())
                .ok()
                .and_then(|rel| rel.components().next())
                .is_some_and(|c| c.as_os_str() == "tests")
        })
        .filter_map(|m| Some((m.package_name.as_deref()?, m)))
        .max_by_key(|(_, m)| m.dir().components().count())
        .map(|(name, m)| (name, m.path.as_path()))
}

/// The text of the file that tells a package manager which dependencies to fetch into
/// `dir/deps`: wit-deps' `deps.toml` in `dir`, or a `wkg.toml` in `dir` or its parent (the
/// crate root, for the usual `wit/`). Locks are left out: they record a fetch, not a choice.
pub fn declared_deps(dir: &Path) -> Option<String> {
    let parent = dir.parent();
    [
        Some(dir.join("deps.toml")),
        Some(dir.join("wkg.toml")),
        parent.map(|p| p.join("wkg.toml")),
    ]
    .into_iter()
    .flatten()
    .find_map(|path| std::fs::read_to_string(path).ok())
}

fn wkg(manifest: PathBuf, missing: &[String]) -> Fetched {
    Fetched {
        by: Fetcher::Tool {
            tool: "wkg",
            command: "wkg wit fetch",
        },
        manifest,
        missing: missing.to_vec(),
    }
}

/// `wasi:http@0.2.0` -> `wasi:http`.
fn base_name(package: &str) -> &str {
    package.split('@').next().unwrap_or(package)
}

/// What a wit-deps manifest (`deps.toml`, or the `deps.lock` it writes) in a WIT directory
/// would put in its `deps/` and has not yet: entries whose `deps/<key>` is absent.
#[derive(Default)]
struct WitDepsPending {
    /// Their keys: wit-deps names a dependency's directory after its key (`http`,
    /// `wasi-http`, `clocks-0-3-0`), which usually but not always echoes the package name.
    keys: BTreeSet<String>,
    /// The packages of entries read from a local `path` (`build = "../../wit"`): what is
    /// there, its `deps/`, and what its own manifest still fetches.
    packages: BTreeSet<String>,
    /// An entry fetched from a URL: its package and those it brings along (wit-deps copies a
    /// tarball's `deps/` too) are known only once fetched, so it may provide any package.
    url: bool,
}

impl WitDepsPending {
    /// The pending entries of `manifest` (in `dir`); `None` when there is no such file or it
    /// is not TOML.
    fn read(dir: &Path, manifest: &Path) -> Option<WitDepsPending> {
        let mut pending = WitDepsPending::default();
        let mut visited = BTreeSet::new();
        pending.add(dir, manifest, &mut visited)?;
        Some(pending)
    }

    fn add(&mut self, dir: &Path, manifest: &Path, visited: &mut BTreeSet<PathBuf>) -> Option<()> {
        if !visited.insert(manifest.to_path_buf()) {
            return Some(());
        }
        let text = std::fs::read_to_string(manifest).ok()?;
        let table: toml::Table = text.parse().ok()?;
        for (key, entry) in table {
            if dir.join("deps").join(&key).exists() {
                continue;
            }
            self.keys.insert(key);
            match entry_source(&entry) {
                Source::Url => self.url = true,
                Source::Path(path) => self.add_path(&dir.join(path), visited),
                Source::Transitive => {}
            }
        }
        Some(())
    }

    /// A local WIT directory wit-deps copies in: its packages, those of its `deps/`, and
    /// those its own `deps.toml` would fetch.
    fn add_path(&mut self, path: &Path, visited: &mut BTreeSet<PathBuf>) {
        let groups = super::parse_unresolved(path)
            .into_iter()
            .chain(deps_groups(path));
        for g in groups {
            for p in std::iter::once(&g.main).chain(&g.nested) {
                self.packages.insert(p.name.to_string());
            }
        }
        let _ = self.add(path, &path.join("deps.toml"), visited);
    }

    /// Whether running wit-deps may put `package` (`ns:name@version`) in `deps/`.
    fn provides(&self, package: &str) -> bool {
        if self.url || self.packages.contains(package) {
            return true;
        }
        let base = base_name(package);
        let (ns, name) = base.split_once(':').unwrap_or(("", base));
        self.keys.contains(name)
            || self.keys.contains(&format!("{ns}-{name}"))
            || self.keys.contains(base)
    }
}

/// Where a wit-deps entry comes from.
enum Source<'t> {
    Url,
    Path(&'t str),
    /// A `deps.lock` entry with neither: brought along by another entry.
    Transitive,
}

/// wit-deps reads a string entry as a URL when it parses as one (`https://..`,
/// `file:///..`), else as a path; a table has `url` or `path`.
fn entry_source(entry: &toml::Value) -> Source<'_> {
    let (url, path) = match entry {
        toml::Value::String(s) if s.contains("://") => (Some(s.as_str()), None),
        toml::Value::String(s) => (None, Some(s.as_str())),
        toml::Value::Table(t) => (
            t.get("url").and_then(toml::Value::as_str),
            t.get("path").and_then(toml::Value::as_str),
        ),
        _ => (None, None),
    };
    match (url, path) {
        (Some(_), _) => Source::Url,
        (None, Some(path)) => Source::Path(path),
        (None, None) => Source::Transitive,
    }
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
