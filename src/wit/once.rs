//! A WIT directory parsed once and resolved for every set of `@unstable` features that asks
//! for it. The lint loads one directory for a guest (`generate!`: the features it names)
//! and for a host (`bindgen!`: all features), and parsing is most of a load: a platform's
//! `wit/` holding every WASI release is about 1 MB of WIT. The directory's own package and
//! each package under `deps/` are parsed in parallel, and a package vendored by several
//! directories is parsed once per run ([`Parses`]).
//!
//! wit-parser's own steps are taken (the files of each package read as
//! `SourceMap::push_dir` reads them, then `Resolve::push_groups`, as `Resolve::push_dir`
//! does), and the text read is kept for [`WitPackage::files`]. A resolution error is worded
//! as wit-parser's loading words it (the test below compares them on upstream failing
//! cases). The directories a macro's `path: [..]` lists before it are parsed the same way
//! and pushed first. A file path, a `.wasm`/`.wat` dependency, a parse error or a failing
//! `before` directory returns `None`, and the caller loads the directory the usual way
//! ([`WitPackage::load_after`]), so those errors read exactly as they always have.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use wit_parser::{SourceMap, UnresolvedPackageGroup};

use super::{Features, WitError, WitPackage};

/// A directory's packages, parsed and not yet resolved.
#[derive(Clone)]
pub struct ParsedDir {
    dir: PathBuf,
    main: Package,
    deps: Vec<Package>,
    /// The files as read for the parse, keyed as [`WitPackage::files`]: every resolve
    /// shares them instead of reading the directory again.
    files: BTreeMap<PathBuf, Vec<u8>>,
}

/// One package of a directory: its parse, shared with every directory holding the same
/// files (its source map left empty), and this directory's source map, which names them.
#[derive(Clone)]
struct Package {
    group: Arc<UnresolvedPackageGroup>,
    map: SourceMap,
}

impl Package {
    /// The parse as wit-parser gives it, taken when no other directory still holds it.
    fn into_group(self) -> UnresolvedPackageGroup {
        let mut group = Arc::unwrap_or_clone(self.group);
        group.source_map = self.map;
        group
    }
}

/// The parses of `packages`, as `Resolve::push_groups` takes them.
fn groups(packages: Vec<Package>) -> Vec<UnresolvedPackageGroup> {
    packages.into_iter().map(Package::into_group).collect()
}

/// Packages parsed in a run, by the text of their files in the order parsed: the copies of
/// one package vendored in several `wit/deps/` (wasmtime's crates each hold the WASI
/// releases they use) are parsed once. A parse depends on that text and order only; the
/// paths, which errors name, are in each directory's own source map, and spans are offsets
/// that the same text gives again.
/// Keyed by the whole text (spin's `wit/` is 1 MB), hashed with foldhash: SipHash over it
/// took 2.6% of a spin run.
#[derive(Default)]
pub struct Parses(
    Mutex<HashMap<Vec<String>, Arc<UnresolvedPackageGroup>, foldhash::fast::RandomState>>,
);

impl Parses {
    /// The package with these files: parsed now, or shared; `None` if it does not parse.
    fn package(&self, paths: &[PathBuf], texts: &[String]) -> Option<Package> {
        let mut map = SourceMap::default();
        for (path, text) in paths.iter().zip(texts) {
            map.push(path, text.as_str());
        }
        let known = self.0.lock().ok()?.get(texts).cloned();
        if let Some(group) = known {
            return Some(Package { group, map });
        }
        let mut group = map.parse().ok()?;
        let map = std::mem::take(&mut group.source_map);
        let group = Arc::new(group);
        self.0.lock().ok()?.insert(texts.to_vec(), group.clone());
        Some(Package { group, map })
    }
}

/// Parses the package at `dir` and its `deps/`; `None` for anything but a plain success.
pub fn parse(dir: &Path, parses: &Parses) -> Option<ParsedDir> {
    if !dir.is_dir() {
        return None;
    }
    let mut entries: Vec<(std::ffi::OsString, PathBuf)> = match std::fs::read_dir(dir.join("deps"))
    {
        Ok(list) => list
            .map(|e| e.map(|e| (e.file_name(), e.path())))
            .collect::<Result<_, _>>()
            .ok()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(_) => return None,
    };
    // wit-parser reads `deps/` in name order.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sources: Vec<(PathBuf, bool)> = vec![(dir.to_path_buf(), true)];
    for (_, path) in entries {
        if path.is_dir() {
            sources.push((path, true));
        } else {
            match path.extension().and_then(|e| e.to_str()) {
                Some("wit") => sources.push((path, false)),
                // Encoded packages: left to wit-parser's own loading.
                Some("wasm" | "wat") => return None,
                _ => {}
            }
        }
    }
    type Source = (Package, Vec<PathBuf>, Vec<String>);
    let parsed: Vec<Source> = sources
        .par_iter()
        .map(|(path, is_dir)| {
            let (paths, texts): (Vec<PathBuf>, Vec<String>) = if *is_dir {
                read_wit_dir(path)?.into_iter().unzip()
            } else {
                (
                    vec![path.clone()],
                    vec![std::fs::read_to_string(path).ok()?],
                )
            };
            Some((parses.package(&paths, &texts)?, paths, texts))
        })
        .collect::<Option<_>>()?;
    let mut files = BTreeMap::new();
    let mut packages = Vec::with_capacity(parsed.len());
    for (package, paths, texts) in parsed {
        for (path, text) in paths.into_iter().zip(texts) {
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            files.insert(rel, text.into_bytes());
        }
        packages.push(package);
    }
    let main = packages.remove(0);
    Some(ParsedDir {
        dir: dir.to_path_buf(),
        main,
        deps: packages,
        files,
    })
}

/// The `*.wit` files directly in `dir` with their text, as wit-parser's
/// `SourceMap::push_dir` takes them (in `read_dir` order; directories, symlinks to
/// directories and other names skipped); `None` on any error.
fn read_wit_dir(dir: &Path) -> Option<Vec<(PathBuf, String)>> {
    let mut texts = Vec::new();
    for entry in dir.read_dir().ok()? {
        let entry = entry.ok()?;
        let path = entry.path();
        let ty = entry.file_type().ok()?;
        if ty.is_dir() || ty.is_symlink() && path.is_dir() {
            continue;
        }
        if !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".wit"))
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        texts.push((path, text));
    }
    Some(texts)
}

impl ParsedDir {
    /// The package resolved with `features`, after the parsed packages at `before` (as
    /// [`WitPackage::load_after`]: `push_path` of a directory is `push_groups` of its parse).
    /// A resolution error of the directory itself (a package `deps/` lacks, a name used but
    /// not defined) reads as wit-parser's own loading words it; `None` when a `before`
    /// directory fails, so the caller's usual load words that error. Each parse (its
    /// sources included, about the size of the WIT) is moved into the resolve: clone it for
    /// another feature set.
    pub fn into_resolved(
        self,
        features: &Features,
        before: Vec<ParsedDir>,
    ) -> Option<Result<WitPackage, WitError>> {
        let dir = &self.dir;
        // A panic in wit-parser is left to the usual load, which words it.
        let (resolve, package) = match crate::scaffold::no_panic::catching(|| {
            let mut resolve = wit_parser::Resolve::default();
            features.apply(&mut resolve);
            for earlier in before {
                resolve
                    .push_groups(earlier.main.into_group(), groups(earlier.deps))
                    .ok()?;
            }
            Some(
                match resolve.push_groups(self.main.into_group(), groups(self.deps)) {
                    Ok(package) => Ok((resolve, package)),
                    Err(e) => {
                        // `Resolve::push_path` adds this context around `push_dir`'s error.
                        let e = anyhow::Error::from(e).context(format!(
                            "failed to resolve directory while parsing WIT for path [{}]",
                            dir.display()
                        ));
                        Err(WitError::Invalid(resolve.render_error(&e)))
                    }
                },
            )
        })
        .ok()??
        {
            Ok(resolved) => resolved,
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(WitPackage {
            resolve,
            package,
            files: self.files,
            origin: self.dir.display().to_string(),
        }))
    }

    /// Packages the directory's WIT uses that neither it nor its `deps/` defines (what a
    /// tool like `wkg` fetches at build time); empty when none is missing.
    pub fn missing_packages(&self) -> Vec<String> {
        super::fetched::missing_in(
            std::iter::once(&self.main)
                .chain(&self.deps)
                .map(|p| p.group.as_ref()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wit_parser::Resolve;

    /// A resolve's debug text without its arena ids (global counters, new per resolve).
    fn shown(resolve: &Resolve) -> String {
        let text = format!("{resolve:?}");
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find("arena_id: ") {
            out.push_str(&rest[..at + "arena_id: ".len()]);
            rest = rest[at + "arena_id: ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    }

    /// How a load through the parse compares with wit-parser's own loading.
    enum Agreement {
        Same,
        SameError,
        Fallback,
    }

    /// Asserts that `new` (parsed once) is what `old` (wit-parser's loading) gives: the same
    /// resolve, files and package, or the same error; `None` leaves it to wit-parser.
    fn agree(
        what: &str,
        old: Result<WitPackage, WitError>,
        new: Option<Result<WitPackage, WitError>>,
    ) -> Agreement {
        match (old, new) {
            (Err(old), Some(Err(new))) => {
                assert_eq!(new.to_string(), old.to_string(), "{what}");
                Agreement::SameError
            }
            (Ok(_), Some(Err(new))) => panic!("{what}: fails here ({new}) but loads in wit-parser"),
            (Err(e), Some(Ok(_))) => panic!("{what}: loads here but wit-parser says {e}"),
            (Ok(old), Some(Ok(new))) => {
                assert_eq!(shown(&new.resolve), shown(&old.resolve), "{what}");
                assert_eq!(new.package.index(), old.package.index(), "{what}");
                assert_eq!(new.files, old.files, "{what}");
                Agreement::Same
            }
            (_, None) => Agreement::Fallback,
        }
    }

    /// The directories of wit-parser's UI cases (its failing ones included) and of
    /// wasmtime's `bindgen!` corpus, sorted.
    fn upstream_dirs() -> Vec<PathBuf> {
        let ui = crate::test_support::locked_crate("wit-parser", "0.254.").join("tests/ui");
        let codegen = crate::test_support::locked_crate("wasmtime-internal-component-macro", "48.")
            .join("tests/codegen");
        let mut dirs: Vec<PathBuf> = Vec::new();
        // parse-fail holds packages whose files parse and whose resolution fails.
        for root in [&ui, &ui.join("parse-fail"), &codegen] {
            for e in std::fs::read_dir(root).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                }
            }
        }
        dirs.sort();
        dirs
    }

    /// Parsing once and resolving per feature set gives what wit-parser's own loading
    /// gives, on wit-parser's UI cases with `deps/`, its feature-gated and its failing ones,
    /// and on wasmtime's `bindgen!` corpus: the same resolve, files and package, or the same
    /// error; and the packages a directory lacks are those the lint's own search finds.
    #[test]
    fn agrees_with_wit_parsers_own_loading_on_upstream_wit() {
        let (mut same, mut errors, mut fallback) = (0, 0, 0);
        // One memo for all: packages that several upstream directories hold are shared.
        let parses = Parses::default();
        for dir in &upstream_dirs() {
            for features in [Features::default(), Features::all()] {
                let old =
                    WitPackage::load_with(&super::super::WitSource::Path(dir.clone()), &features);
                let parsed = parse(dir, &parses);
                if let Some(p) = &parsed {
                    assert_eq!(
                        p.missing_packages(),
                        super::super::fetched::missing_packages(dir).unwrap_or_default(),
                        "{}",
                        dir.display()
                    );
                }
                let new = parsed.and_then(|p| p.into_resolved(&features, Vec::new()));
                match agree(&dir.display().to_string(), old, new) {
                    Agreement::Same => same += 1,
                    Agreement::SameError => errors += 1,
                    Agreement::Fallback => fallback += 1,
                }
            }
        }
        eprintln!("{same} loads and {errors} errors compared, {fallback} left to wit-parser");
        assert!(same >= 30, "only {same} directories compared");
        assert!(errors >= 5, "only {errors} resolution errors compared");
    }

    /// Two directories vendoring the same package share its parse, and each resolve still
    /// names its own files: the copy's error points into `b/deps/`, not `a/deps/`.
    #[test]
    fn vendored_copies_share_a_parse_and_keep_their_paths() {
        let root = tempfile::tempdir().unwrap();
        // Parses, and fails to resolve: the package it uses is nowhere.
        let dep = "package my:dep;\n\ninterface types {\n    use my:absent/api.{t};\n}\n";
        for name in ["a", "b"] {
            let dir = root.path().join(name);
            std::fs::create_dir_all(dir.join("deps/dep")).unwrap();
            std::fs::write(dir.join("deps/dep/types.wit"), dep).unwrap();
            std::fs::write(
                dir.join("world.wit"),
                format!("package my:{name};\n\nworld w {{\n    import my:dep/types;\n}}\n"),
            )
            .unwrap();
        }
        let parses = Parses::default();
        let a = parse(&root.path().join("a"), &parses).unwrap();
        let b = parse(&root.path().join("b"), &parses).unwrap();
        assert!(Arc::ptr_eq(&a.deps[0].group, &b.deps[0].group));
        assert!(!Arc::ptr_eq(&a.main.group, &b.main.group));
        drop(parses);
        for (name, parsed) in [("a", a), ("b", b)] {
            let dir = root.path().join(name);
            let old = WitPackage::load_with(
                &super::super::WitSource::Path(dir.clone()),
                &Features::default(),
            );
            let new = parsed.into_resolved(&Features::default(), Vec::new());
            let Some(Err(e)) = &new else {
                panic!("{name}: the copy's missing package is not an error");
            };
            let shown = e.to_string();
            let own = dir.join("deps/dep/types.wit").display().to_string();
            assert!(shown.contains(&own), "{name}: {shown}");
            assert!(matches!(agree(name, old, new), Agreement::SameError));
        }
    }

    /// A `path: [a, b]` list resolved from parses (each directory parsed once, `a` pushed
    /// before `b`) gives what wit-parser's loading of the list gives: on wasmtime's own
    /// `path1`/`path2` case, on every neighbouring pair of upstream directories either way
    /// round (packages defined twice, one package using another's, failing ones), and on
    /// every directory listed after `path1`.
    #[test]
    fn agrees_with_wit_parser_on_path_lists() {
        let dirs = upstream_dirs();
        let mut pairs: Vec<(&PathBuf, &PathBuf)> =
            dirs.windows(2).map(|w| (&w[0], &w[1])).collect();
        pairs.extend(dirs.windows(2).map(|w| (&w[1], &w[0])));
        // And each directory after one whose package no other defines, so that its own
        // successes and failures are compared too.
        let path1 = dirs.iter().find(|d| d.ends_with("codegen/path1")).unwrap();
        pairs.extend(dirs.iter().map(|d| (path1, d)));
        let (mut same, mut errors, mut fallback) = (0, 0, 0);
        let mut path2 = false;
        for (before, dir) in pairs {
            path2 |= dir.ends_with("codegen/path2") && before.ends_with("codegen/path1");
            let features = Features::all();
            let old = WitPackage::load_after(dir, std::slice::from_ref(before), &features);
            let parses = Parses::default();
            let new = parse(dir, &parses)
                .zip(parse(before, &parses))
                .and_then(|(p, b)| p.into_resolved(&features, vec![b]));
            let what = format!("{} after {}", dir.display(), before.display());
            match agree(&what, old, new) {
                Agreement::Same => same += 1,
                Agreement::SameError => errors += 1,
                Agreement::Fallback => fallback += 1,
            }
        }
        eprintln!("{same} lists and {errors} errors compared, {fallback} left to wit-parser");
        assert!(path2, "wasmtime's path1/path2 case was not among the pairs");
        assert!(same >= 30, "only {same} lists compared");
        assert!(errors >= 5, "only {errors} failing lists compared");
    }
}
