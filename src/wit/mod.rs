//! Loading a WIT package: from a directory (with its `deps/`), a single file, or the bundled
//! `airssys:core` sample compiled into the binary.
//!
//! Parsing uses wit-parser 0.254, the version wasmtime 48's `bindgen!` links, so the tool
//! accepts exactly the WIT the host macro accepts. wit-parser renders its own errors with
//! `file:line:col`, the source line and a caret; we pass them through unchanged.

pub mod dialect;
pub mod fetched;
pub mod namesakes;
pub mod once;
pub mod tokens;
pub mod variants;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use wit_parser::{PackageId, Resolve, WorldId};

/// The bundled sample package, the default input of every command.
static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/wit/core");

/// Display name of the bundled package's location, used in headers and errors.
pub const BUNDLED_ORIGIN: &str = "bundled wit/core (airssys:core)";

/// Where a WIT package comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WitSource {
    /// The `airssys:core` package compiled into the binary.
    Bundled,
    /// A directory (`*.wit` plus optional `deps/`) or a single `.wit` file.
    Path(PathBuf),
}

impl WitSource {
    /// `--wit` given or not.
    pub fn from_arg(arg: Option<PathBuf>) -> Self {
        arg.map_or(WitSource::Bundled, WitSource::Path)
    }
}

/// Everything that can go wrong loading WIT. Each variant renders as a complete, located
/// message; callers map all of them to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum WitError {
    #[error("WIT path `{0}` does not exist")]
    NotFound(PathBuf),
    #[error("`{0}` contains no `.wit` files; pass a WIT package directory or a `.wit` file")]
    NoWitFiles(PathBuf),
    #[error("cannot read WIT at `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A parse or resolve error, already rendered by wit-parser with location and caret.
    #[error("{0}")]
    Invalid(String),
    #[error("world `{name}` not found in package `{package}`; {}", list_worlds(.available))]
    UnknownWorld {
        name: String,
        package: String,
        available: Vec<String>,
    },
    #[error("package `{package}` has several worlds and none was chosen; pass `--world NAME`: {}", .available.join(", "))]
    AmbiguousWorld {
        package: String,
        available: Vec<String>,
    },
    #[error("package `{0}` defines no world; add one or pass a package that has one")]
    NoWorld(String),
}

fn list_worlds(available: &[String]) -> String {
    if available.is_empty() {
        "it defines no worlds".to_string()
    } else {
        format!("available worlds: {}", available.join(", "))
    }
}

/// A parsed WIT package plus the exact files it was parsed from, for vendoring.
pub struct WitPackage {
    pub resolve: Resolve,
    pub package: PackageId,
    /// Files of the package keyed by path relative to the package root (`types.wit`,
    /// `deps/wasi-io/streams.wit`), bytes as read. Vendored copies are byte-identical.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// Human-readable origin: a path, or [`BUNDLED_ORIGIN`].
    pub origin: String,
}

/// The package at `path` (a directory or one `.wit` file) parsed but not resolved: its syntax
/// alone, and the packages it names. `None` when it does not parse.
pub fn parse_unresolved(path: &Path) -> Option<wit_parser::UnresolvedPackageGroup> {
    if path.is_dir() {
        wit_parser::UnresolvedPackageGroup::parse_dir(path).ok()
    } else if path.extension().is_some_and(|e| e == "wit") {
        let text = std::fs::read_to_string(path).ok()?;
        wit_parser::UnresolvedPackageGroup::parse(path, &text).ok()
    } else {
        None
    }
}

/// The `@unstable(feature = ..)` gates a parse opens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Features {
    pub all: bool,
    pub names: Vec<String>,
}

impl Features {
    /// Every feature on, as wasmtime's `bindgen!` parses.
    pub fn all() -> Features {
        Features {
            all: true,
            names: Vec::new(),
        }
    }

    fn apply(&self, resolve: &mut Resolve) {
        resolve.all_features = self.all;
        resolve.features.extend(self.names.iter().cloned());
    }
}

/// A resolve with `features` on and the packages at `before` pushed, in order (as both
/// bindgen macros parse `path: [..]`: a later path may use packages of earlier ones).
fn resolve_after(features: &Features, before: &[PathBuf]) -> Result<Resolve, WitError> {
    let mut resolve = Resolve::default();
    features.apply(&mut resolve);
    for earlier in before {
        resolve
            .push_path(earlier)
            .map_err(|e| WitError::Invalid(resolve.render_error(&e)))?;
    }
    Ok(resolve)
}

/// Runs a wit-parser load, its panics made errors. wit-parser asserts some things instead of
/// returning an error (two `path: [..]` entries defining one package: "attempting to re-add
/// package"); both bindgen macros stop on the same panic, so it is invalid WIT, not a crash.
fn without_panics<T>(
    path: &Path,
    load: impl FnOnce() -> Result<T, WitError>,
) -> Result<T, WitError> {
    crate::scaffold::no_panic::catching(load).unwrap_or_else(|message| {
        Err(WitError::Invalid(format!(
            "wit-parser failed on `{}`: {message}\n\
             the bindgen macros load WIT with the same wit-parser and stop here too",
            path.display()
        )))
    })
}

/// Exactly the files wit-parser read, keyed relative to the package root, bytes as read (what
/// is vendored).
fn read_sources<'p>(
    root: &Path,
    sources: impl IntoIterator<Item = &'p Path>,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, WitError> {
    let mut files = BTreeMap::new();
    for source in sources {
        let rel = source.strip_prefix(root).unwrap_or(source);
        let bytes = std::fs::read(source).map_err(|e| WitError::Io {
            path: source.to_path_buf(),
            source: e,
        })?;
        files.insert(rel.to_path_buf(), bytes);
    }
    Ok(files)
}

impl WitPackage {
    /// Loads and fully resolves a package, with no `@unstable` feature enabled.
    pub fn load(source: &WitSource) -> Result<Self, WitError> {
        Self::load_with(source, &Features::default())
    }

    /// [`WitPackage::load`] with `features` enabled.
    pub fn load_with(source: &WitSource, features: &Features) -> Result<Self, WitError> {
        match source {
            WitSource::Bundled => Self::load_bundled(features),
            WitSource::Path(path) => Self::load_path(path, features, &[]),
        }
    }

    /// The package at `path`, parsed after the packages at `before` (in order) as both bindgen
    /// macros do for `path: [..]`: a later path may use packages of earlier ones.
    pub fn load_after(
        path: &Path,
        before: &[PathBuf],
        features: &Features,
    ) -> Result<Self, WitError> {
        Self::load_path(path, features, before)
    }

    fn load_bundled(features: &Features) -> Result<Self, WitError> {
        // wit-parser resolves packages from the file system; materialise the embedded copy.
        let dir = tempfile::tempdir().map_err(|source| WitError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
        BUNDLED.extract(dir.path()).map_err(|source| WitError::Io {
            path: dir.path().to_path_buf(),
            source,
        })?;
        let mut package = Self::load_path(dir.path(), features, &[])?;
        package.origin = BUNDLED_ORIGIN.to_string();
        Ok(package)
    }

    fn load_path(path: &Path, features: &Features, before: &[PathBuf]) -> Result<Self, WitError> {
        let meta = std::fs::metadata(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                WitError::NotFound(path.to_path_buf())
            } else {
                WitError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        if meta.is_dir() && !has_wit_files(path) {
            return Err(WitError::NoWitFiles(path.to_path_buf()));
        }
        let (resolve, package, sources) = without_panics(path, || {
            let mut resolve = resolve_after(features, before)?;
            let (package, sources) = resolve
                .push_path(path)
                .map_err(|e| WitError::Invalid(resolve.render_error(&e)))?;
            Ok((resolve, package, sources))
        })?;
        let root = if meta.is_dir() {
            path
        } else {
            path.parent().unwrap_or(Path::new("."))
        };
        Ok(WitPackage {
            resolve,
            package,
            files: read_sources(root, sources.paths())?,
            origin: path.display().to_string(),
        })
    }

    /// `ns:name@version` of the main package.
    pub fn package_name(&self) -> String {
        self.resolve.packages[self.package].name.to_string()
    }

    /// Names of the main package's worlds, in declaration order.
    pub fn world_names(&self) -> Vec<String> {
        self.resolve.packages[self.package]
            .worlds
            .keys()
            .cloned()
            .collect()
    }

    /// Picks a world: by kebab name or full `ns:pkg/world` id; without a name, the only world
    /// of the package. Errors list the worlds that exist.
    pub fn select_world(&self, name: Option<&str>) -> Result<WorldId, WitError> {
        let worlds = &self.resolve.packages[self.package].worlds;
        let package = self.package_name();
        match name {
            Some(name) => {
                if let Some(id) = worlds.get(name) {
                    return Ok(*id);
                }
                self.resolve
                    .select_world(&[self.package], Some(name))
                    .map_err(|_| WitError::UnknownWorld {
                        name: name.to_string(),
                        package,
                        available: self.world_names(),
                    })
            }
            None => match worlds.len() {
                0 => Err(WitError::NoWorld(package)),
                1 => Ok(*worlds.values().next().unwrap()),
                _ => Err(WitError::AmbiguousWorld {
                    package,
                    available: self.world_names(),
                }),
            },
        }
    }
}

/// The world a command uses when `--world` is not given: `runtime-host` for the bundled
/// package, else the package's only world.
pub fn default_world_name(source: &WitSource) -> Option<&'static str> {
    match source {
        WitSource::Bundled => Some("runtime-host"),
        WitSource::Path(_) => None,
    }
}

/// Whether `dir` directly holds a `.wit` file (what wit-parser reads as the main package).
fn has_wit_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "wit"))
    })
}
