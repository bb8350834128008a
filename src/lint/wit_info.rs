//! WIT as the lint sees it: which directories a bindgen macro reads, loading them once, the
//! world a macro selects, and what that world imports and exports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use wit_parser::{WorldId, WorldItem};

use crate::discover::syntax::{BindgenUse, LitLoc};
use crate::wit::{Features, WitError, WitPackage, WitSource, once};

/// One load result, shared by every macro that reads the same directory.
pub type WitLoad = Result<WitPackage, WitError>;

/// How a macro parses one directory: the directory, the `@unstable` features on, and the
/// directories its `path: [..]` lists before it (parsed first, into the same resolve).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoadKey {
    pub dir: PathBuf,
    pub features: Features,
    pub before: Vec<PathBuf>,
}

/// Loaded WIT directories, each once per way it is parsed.
#[derive(Default)]
pub struct WitCache {
    loads: HashMap<LoadKey, Arc<WitLoad>>,
    /// For a directory that parsed but failed to resolve: the packages it uses and does not
    /// define (known from the parse, so finding who fetches them parses nothing again).
    missing: HashMap<PathBuf, Vec<String>>,
}

/// WIT directories parsed before [`WitCache::load_all`] knows every directory it loads.
#[derive(Default)]
pub struct ParsedAhead(HashMap<PathBuf, Option<once::ParsedDir>>);

/// Parses `dirs` in parallel (see [`once::parse`]).
pub fn parse_ahead(dirs: &[PathBuf], parses: &once::Parses) -> ParsedAhead {
    ParsedAhead(
        dirs.par_iter()
            .map(|d| (d.clone(), once::parse(d, parses)))
            .collect(),
    )
}

impl WitCache {
    /// Loads every directory not loaded yet, in parallel, taking the parses of `ahead`. Each
    /// directory is parsed once ([`once`]), whether a macro reads it with several feature
    /// sets (a guest's and a host's) or lists it before another in `path: [..]`, and each
    /// package once however many directories vendor it (`parses`, dropped once all are
    /// parsed so that the resolves can take the parses).
    pub fn load_all(
        &mut self,
        keys: impl IntoIterator<Item = LoadKey>,
        mut ahead: ParsedAhead,
        parses: once::Parses,
    ) {
        let mut todo: Vec<LoadKey> = keys
            .into_iter()
            .filter(|k| !self.loads.contains_key(k))
            .collect();
        todo.sort();
        todo.dedup();
        let mut dirs: Vec<&PathBuf> = todo
            .iter()
            .flat_map(|k| std::iter::once(&k.dir).chain(&k.before))
            .collect();
        dirs.sort();
        dirs.dedup();
        // A parse's packages are shared (`Arc`s in [`once::ParsedDir`]): a copy for each load
        // that needs it is cheap, and the last load to resolve a package takes it.
        let parsed: HashMap<&PathBuf, Option<once::ParsedDir>> = dirs
            .into_iter()
            .map(|dir| (dir, ahead.0.remove(dir)))
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(dir, ahead)| (dir, ahead.unwrap_or_else(|| once::parse(dir, &parses))))
            .collect();
        drop(parses);
        // What each directory lacks, wanted only if one of its loads fails; known now because
        // the resolves below consume the parses. (`todo` is sorted by directory first.)
        let mut key_dirs: Vec<&PathBuf> = todo.iter().map(|k| &k.dir).collect();
        key_dirs.dedup();
        let missing: HashMap<PathBuf, Vec<String>> = key_dirs
            .into_iter()
            .filter_map(|d| Some((d.clone(), parsed[d].as_ref()?.missing_packages())))
            .collect();
        type Task = (
            LoadKey,
            Option<once::ParsedDir>,
            Vec<Option<once::ParsedDir>>,
        );
        let tasks: Vec<Task> = todo
            .iter()
            .map(|k| {
                let before = k.before.iter().map(|d| parsed[d].clone()).collect();
                (k.clone(), parsed[&k.dir].clone(), before)
            })
            .collect();
        drop(parsed);
        let loads: Vec<(LoadKey, Arc<WitLoad>)> = tasks
            .into_par_iter()
            .map(|(key, parsed, before)| {
                let before: Option<Vec<once::ParsedDir>> = before.into_iter().collect();
                let fast = parsed
                    .zip(before)
                    .and_then(|(p, before)| p.into_resolved(&key.features, before));
                let load = match fast {
                    Some(load) => load,
                    None if key.before.is_empty() => {
                        WitPackage::load_with(&WitSource::Path(key.dir.clone()), &key.features)
                    }
                    None => WitPackage::load_after(&key.dir, &key.before, &key.features),
                };
                (key, Arc::new(load))
            })
            .collect();
        for (key, load) in &loads {
            if load.is_err()
                && let Some(m) = missing.get(&key.dir)
            {
                self.missing.insert(key.dir.clone(), m.clone());
            }
        }
        self.loads.extend(loads);
    }

    /// The packages `dir` uses and does not define, when it parsed and failed to resolve
    /// (`None`: not known from this run's parse).
    pub fn missing_packages(&self, dir: &Path) -> Option<&[String]> {
        self.missing.get(dir).map(Vec::as_slice)
    }

    /// The load of a directory a macro reads (`None` if it was not asked for).
    pub fn get(&self, dir: &WitDir<'_>) -> Option<&Arc<WitLoad>> {
        self.loads.get(&dir.key)
    }
}

/// A directory a macro reads, with the literal that names it (`None`: the default `wit`).
#[derive(Debug, Clone)]
pub struct WitDir<'a> {
    pub dir: PathBuf,
    pub lit: Option<&'a LitLoc>,
    pub key: LoadKey,
}

/// The directories a macro in the package at `root` reads. Empty when they cannot be known
/// statically (non-literal `path`) or when the macro only uses `inline` WIT and there is no
/// default `wit` directory.
pub fn macro_dirs<'a>(root: &Path, b: &'a BindgenUse) -> Vec<WitDir<'a>> {
    let args = &b.args;
    if !args.understood || args.dynamic_path {
        return Vec::new();
    }
    let features = args.wit_features(b.kind);
    if args.paths.is_empty() {
        let dir = root.join("wit");
        if args.inline && !dir.exists() {
            return Vec::new();
        }
        let key = LoadKey {
            dir: dir.clone(),
            features,
            before: Vec::new(),
        };
        return vec![WitDir {
            dir,
            lit: None,
            key,
        }];
    }
    let dirs: Vec<PathBuf> = args
        .paths
        .iter()
        .map(|lit| crate::discover::manifest::absolute(&root.join(&lit.value)))
        .collect();
    args.paths
        .iter()
        .zip(&dirs)
        .enumerate()
        .map(|(i, (lit, dir))| WitDir {
            dir: dir.clone(),
            lit: Some(lit),
            key: LoadKey {
                dir: dir.clone(),
                features: features.clone(),
                before: dirs[..i].to_vec(),
            },
        })
        .collect()
}

/// Why a world could not be selected.
pub enum WorldError {
    /// A directory did not load.
    Load,
    Unknown {
        name: String,
        available: Vec<String>,
    },
    Ambiguous {
        available: Vec<String>,
    },
    None,
}

/// Selects the macro's world across the loaded packages (the last package wins when no
/// world is named, as with wit-parser's own selection of the main package).
pub fn select_world<'p>(
    packages: &[&'p WitPackage],
    world: Option<&str>,
) -> Result<(&'p WitPackage, WorldId), WorldError> {
    match world {
        Some(name) => {
            for p in packages {
                if let Ok(id) = p.select_world(Some(name)) {
                    return Ok((p, id));
                }
            }
            Err(WorldError::Unknown {
                name: name.to_string(),
                available: packages.iter().flat_map(|p| p.world_names()).collect(),
            })
        }
        None => {
            let Some(p) = packages.last() else {
                return Err(WorldError::Load);
            };
            match p.select_world(None) {
                Ok(id) => Ok((p, id)),
                Err(WitError::AmbiguousWorld { available, .. }) => {
                    Err(WorldError::Ambiguous { available })
                }
                Err(_) => Err(WorldError::None),
            }
        }
    }
}

/// What a world imports and exports, by the names a component linker uses.
#[derive(Debug, Clone, Default)]
pub struct WorldInfo {
    pub name: String,
    /// Imported interfaces: `ns:pkg/iface[@ver]` (or the kebab name of an inline one) and the
    /// names of their functions (`f`, `[method]res.m`, ...).
    pub imports: Vec<(String, Vec<String>)>,
    /// Functions imported at the world's root.
    pub root_functions: Vec<String>,
    pub has_exports: bool,
}

pub fn world_info(pkg: &WitPackage, id: WorldId) -> WorldInfo {
    let resolve = &pkg.resolve;
    let world = &resolve.worlds[id];
    let mut info = WorldInfo {
        name: world.name.clone(),
        has_exports: !world.exports.is_empty(),
        ..WorldInfo::default()
    };
    for (key, item) in &world.imports {
        match item {
            WorldItem::Interface { id, .. } => {
                let name = resolve.name_world_key(key);
                let funcs = resolve.interfaces[*id].functions.keys().cloned().collect();
                info.imports.push((name, funcs));
            }
            WorldItem::Function(f) => info.root_functions.push(f.name.clone()),
            WorldItem::Type { .. } => {}
        }
    }
    info
}

/// Location of a `--> file:line:col` line in a rendered wit-parser error.
pub fn error_location(message: &str) -> Option<(PathBuf, usize, usize)> {
    for line in message.lines() {
        let Some(rest) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let mut parts = rest.trim().rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        return Some((PathBuf::from(file), line, col));
    }
    None
}

/// The first line of a rendered wit-parser error, lowercased at the start like our own
/// messages.
pub fn error_headline(message: &str) -> String {
    let first = message.lines().next().unwrap_or("invalid WIT").trim();
    // wit-parser chains context: "failed to resolve directory ..: failed to parse package:
    // /path: name `x` does not exist". The last link is the actual problem.
    let last = first.rsplit(": ").next().unwrap_or(first);
    last.trim_end_matches('.').to_string()
}

/// Finds `package ns:name;` in a package's files: (relative file, byte range of the name).
pub fn package_decl(pkg: &WitPackage) -> Option<(PathBuf, std::ops::Range<usize>)> {
    for (rel, bytes) in &pkg.files {
        if rel.components().count() > 1 {
            continue; // deps/
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("package ") {
                let start = offset + (line.len() - trimmed.len()) + "package ".len();
                let name_len = rest
                    .find(|c: char| c == ';' || c == '{' || c.is_whitespace())
                    .unwrap_or(rest.len());
                return Some((rel.clone(), start..start + name_len));
            }
            offset += line.len();
        }
    }
    None
}

impl WitCache {
    /// Every loaded directory, sorted, once (in its first feature set).
    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Arc<WitLoad>)> {
        let mut all: Vec<(&LoadKey, &Arc<WitLoad>)> = self.loads.iter().collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all.dedup_by(|a, b| a.0.dir == b.0.dir);
        all.into_iter().map(|(key, load)| (&key.dir, load))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_error_locations() {
        let msg = "failed to parse package: /a/wit: expected `;`, found `func`\n     --> /tmp/x y/wit/a.wit:3:10\n      |\n";
        assert_eq!(
            error_location(msg),
            Some((PathBuf::from("/tmp/x y/wit/a.wit"), 3, 10))
        );
        assert_eq!(error_headline(msg), "expected `;`, found `func`");
    }
}
