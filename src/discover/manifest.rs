//! Cargo manifests: dependencies (with renames and workspace inheritance), crate types,
//! and the host/guest classification of every package.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml_edit::{Item, TableLike};

use super::targets::TargetDecls;

/// Which table a dependency is declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepKind {
    Normal,
    Dev,
    Build,
    /// `[workspace.dependencies]` of a workspace root.
    Workspace,
}

impl DepKind {
    pub fn table_name(self) -> &'static str {
        match self {
            DepKind::Normal => "[dependencies]",
            DepKind::Dev => "[dev-dependencies]",
            DepKind::Build => "[build-dependencies]",
            DepKind::Workspace => "[workspace.dependencies]",
        }
    }
}

/// One dependency entry.
#[derive(Debug, Clone)]
pub struct Dep {
    /// The key as written (`wb` in `wb = { package = "wit-bindgen" }`).
    pub key: String,
    /// The real package name, after `package = ..` and workspace inheritance.
    pub package: String,
    pub kind: DepKind,
    /// Byte range of the key in the manifest.
    pub span: Range<usize>,
    /// `workspace = true`.
    pub inherited: bool,
    /// The version requirement (`"0.8"`, `{ version = "0.8" }`), when given.
    pub req: Option<String>,
    /// `path = ".."`: a crate of the same source tree, not one from a registry.
    pub local: bool,
    /// `optional = true`, or declared under `[target.'cfg(..)'.dependencies]`: compiled
    /// only with a feature or on some targets.
    pub conditional: bool,
}

impl Dep {
    /// The name code uses for the crate (`-` becomes `_`).
    pub fn crate_name(&self) -> String {
        self.key.replace('-', "_")
    }
}

/// Host, guest or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Depends on `wasmtime` and is not a guest.
    Host,
    /// A `cdylib` depending on `wit-bindgen`, or has `[package.metadata.component]`.
    Guest,
    Other,
}

/// A parsed `Cargo.toml`.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    /// Display path of the manifest.
    pub display: String,
    pub text: Arc<str>,
    /// `[package] name`, when it is a package.
    pub package_name: Option<String>,
    pub deps: Vec<Dep>,
    pub is_workspace_root: bool,
    /// `package.workspace = "path"`.
    pub workspace_pointer: Option<PathBuf>,
    pub cdylib: Option<Range<usize>>,
    /// Span of the `component` key of `[package.metadata.component]`.
    pub component_metadata: Option<Range<usize>>,
    /// Its `[lib]`, `[[bin]]`, .. tables and `auto*` / `build` settings.
    pub targets: TargetDecls,
    /// Read only for context (the package a scanned directory sits in); findings about the
    /// manifest itself are not reported.
    pub context_only: bool,
}

/// A manifest that does not parse.
#[derive(Debug, Clone)]
pub struct ManifestError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl Manifest {
    pub fn parse(path: &Path, display: String, text: Arc<str>) -> Result<Manifest, ManifestError> {
        let doc = toml_edit::Document::parse(text.as_ref()).map_err(|e| ManifestError {
            message: e.message().trim_end().to_string(),
            span: e.span(),
        })?;
        let root = doc.as_table();
        let package = root.get("package").and_then(Item::as_table_like);
        let package_name = package
            .and_then(|p| p.get("name"))
            .and_then(Item::as_str)
            .map(str::to_string);
        let workspace_pointer = package
            .and_then(|p| p.get("workspace"))
            .and_then(Item::as_str)
            .map(PathBuf::from);
        let component_metadata = package
            .and_then(|p| p.get("metadata"))
            .and_then(Item::as_table_like)
            .and_then(|m| m.get_key_value("component"))
            .map(|(k, _)| k.span().unwrap_or(0..0));
        let cdylib = root
            .get("lib")
            .and_then(Item::as_table_like)
            .and_then(|lib| lib.get("crate-type").or_else(|| lib.get("crate_type")))
            .and_then(|ct| {
                let arr = ct.as_array()?;
                arr.iter()
                    .find(|v| v.as_str() == Some("cdylib"))
                    .map(|v| v.span().unwrap_or(0..0))
            });

        let mut deps = Vec::new();
        collect_deps(root, false, &mut deps);
        if let Some(targets) = root.get("target").and_then(Item::as_table_like) {
            for (_, target) in targets.iter() {
                if let Some(t) = target.as_table_like() {
                    collect_deps(t, true, &mut deps);
                }
            }
        }
        let workspace = root.get("workspace").and_then(Item::as_table_like);
        let is_workspace_root = workspace.is_some();
        if let Some(ws_deps) = workspace
            .and_then(|w| w.get("dependencies"))
            .and_then(Item::as_table_like)
        {
            collect_table(ws_deps, DepKind::Workspace, false, &mut deps);
        }

        let targets = TargetDecls::parse(root, package);
        drop(doc);
        Ok(Manifest {
            path: path.to_path_buf(),
            display,
            text,
            package_name,
            deps,
            is_workspace_root,
            workspace_pointer,
            cdylib,
            component_metadata,
            targets,
            context_only: false,
        })
    }

    /// The directory holding the manifest.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Replaces the package names of `workspace = true` dependencies with the ones the
    /// workspace root declares (`wb = { package = "wit-bindgen", .. }`).
    pub fn inherit_from(&mut self, root: &Manifest) {
        for dep in &mut self.deps {
            if dep.inherited
                && let Some(ws) = root
                    .deps
                    .iter()
                    .find(|d| d.kind == DepKind::Workspace && d.key == dep.key)
            {
                dep.package = ws.package.clone();
                if dep.req.is_none() {
                    dep.req = ws.req.clone();
                }
                dep.local |= ws.local;
            }
        }
    }

    /// The first dependency of `kind`s on `package`.
    pub fn dep_on(&self, package: &str, kinds: &[DepKind]) -> Option<&Dep> {
        self.deps
            .iter()
            .find(|d| d.package == package && kinds.contains(&d.kind))
    }

    /// Depends on both `wasmtime` and `wit-bindgen`, not both always: one is optional or
    /// target-specific, so the build picks the side (a crate with `host` and `guest`
    /// features, each gating its own macro) and neither macro is on the wrong side.
    pub fn side_picked_by_build(&self) -> bool {
        let normal = |package: &'static str| {
            self.deps
                .iter()
                .filter(move |d| d.package == package && d.kind == DepKind::Normal)
        };
        let always = |package: &'static str| normal(package).any(|d| !d.conditional);
        normal("wasmtime").next().is_some()
            && normal("wit-bindgen").next().is_some()
            && !(always("wasmtime") && always("wit-bindgen"))
    }

    pub fn role(&self) -> Role {
        const BUILD: &[DepKind] = &[DepKind::Normal];
        if self.package_name.is_none() {
            return Role::Other;
        }
        let guest = self.component_metadata.is_some()
            || (self.cdylib.is_some() && self.dep_on("wit-bindgen", BUILD).is_some());
        if guest {
            Role::Guest
        } else if self.dep_on("wasmtime", BUILD).is_some() {
            Role::Host
        } else {
            Role::Other
        }
    }

    /// Depends on `package` from any table of its own (`[dependencies]`, dev, build,
    /// target-specific), renamed or inherited; `[workspace.dependencies]` does not count.
    pub(crate) fn depends_on(&self, package: &str) -> bool {
        self.deps
            .iter()
            .any(|d| d.package == package && d.kind != DepKind::Workspace)
    }

    /// Names code in this package may use for `package` (renames included). The canonical
    /// name (`wit_bindgen`) counts too unless a different package took it as its key.
    pub fn crate_names(&self, package: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .deps
            .iter()
            .filter(|d| d.package == package && d.kind != DepKind::Workspace)
            .map(Dep::crate_name)
            .collect();
        let canonical = package.replace('-', "_");
        let taken = self.deps.iter().any(|d| {
            d.kind != DepKind::Workspace && d.crate_name() == canonical && d.package != package
        });
        if !taken && !names.contains(&canonical) {
            names.push(canonical);
        }
        names
    }
}

/// The dependency tables of `table`; `targeted`: it is a `[target.'cfg(..)']` table.
fn collect_deps(table: &dyn TableLike, targeted: bool, out: &mut Vec<Dep>) {
    for (name, kind) in [
        ("dependencies", DepKind::Normal),
        ("dev-dependencies", DepKind::Dev),
        ("dev_dependencies", DepKind::Dev),
        ("build-dependencies", DepKind::Build),
        ("build_dependencies", DepKind::Build),
    ] {
        if let Some(t) = table.get(name).and_then(Item::as_table_like) {
            collect_table(t, kind, targeted, out);
        }
    }
}

fn collect_table(table: &dyn TableLike, kind: DepKind, targeted: bool, out: &mut Vec<Dep>) {
    for (key, _) in table.iter() {
        let Some((k, item)) = table.get_key_value(key) else {
            continue;
        };
        let detail = item.as_table_like();
        let package = detail
            .and_then(|d| d.get("package"))
            .and_then(Item::as_str)
            .unwrap_or(key)
            .to_string();
        let inherited = detail
            .and_then(|d| d.get("workspace"))
            .and_then(Item::as_bool)
            .unwrap_or(false);
        let req = item
            .as_str()
            .or_else(|| detail.and_then(|d| d.get("version")).and_then(Item::as_str))
            .map(str::to_string);
        let local = detail.is_some_and(|d| d.contains_key("path"));
        let optional = detail
            .and_then(|d| d.get("optional"))
            .and_then(Item::as_bool)
            .unwrap_or(false);
        out.push(Dep {
            key: key.to_string(),
            package,
            kind,
            span: k.span().unwrap_or(0..0),
            inherited,
            req,
            local,
            conditional: targeted || optional,
        });
    }
}

/// Resolves the `workspace = true` dependencies of every manifest against its workspace
/// root (found among `manifests`, or read from above them).
pub(crate) fn inherit_workspace_deps(manifests: &mut [Arc<Manifest>]) {
    let by_path: HashMap<PathBuf, Arc<Manifest>> = manifests
        .iter()
        .map(|m| (m.path.clone(), m.clone()))
        .collect();
    let mut finder = WorkspaceFinder::default();
    for m in manifests {
        if m.deps.iter().any(|d| d.inherited) {
            let ws = if m.is_workspace_root {
                Some(m.clone())
            } else {
                finder.root_of(m, &by_path)
            };
            if let Some(ws) = ws {
                Arc::make_mut(m).inherit_from(&ws);
            }
        }
    }
}

/// The directory of the workspace each of `packages` belongs to: its workspace root's, or
/// its own for a package that is a workspace of its own (or a root itself).
pub fn workspace_dirs<'m>(
    packages: impl IntoIterator<Item = &'m Manifest>,
    manifests: &[Arc<Manifest>],
) -> Vec<PathBuf> {
    let known: HashMap<PathBuf, Arc<Manifest>> = manifests
        .iter()
        .map(|m| (m.path.clone(), m.clone()))
        .collect();
    let mut finder = WorkspaceFinder::default();
    packages
        .into_iter()
        .map(|m| {
            let root = finder.root_of(m, &known);
            absolute(root.as_deref().unwrap_or(m).dir())
        })
        .collect()
}

/// Why a `Cargo.toml` could not be read into a [`Manifest`].
pub(crate) enum LoadError {
    Read(std::io::Error),
    NotUtf8,
    Parse {
        text: Arc<str>,
        error: ManifestError,
    },
}

/// Reads and parses the manifest at `path`; `display` is how messages name it.
pub(crate) fn load(path: &Path, display: String) -> Result<Manifest, LoadError> {
    let bytes = std::fs::read(path).map_err(LoadError::Read)?;
    let text: Arc<str> = String::from_utf8(bytes)
        .map_err(|_| LoadError::NotUtf8)?
        .into();
    Manifest::parse(path, display, text.clone()).map_err(|error| LoadError::Parse { text, error })
}

/// Finds workspace roots for packages, reading manifests above the scanned tree when
/// needed. Results are cached by directory.
#[derive(Default)]
pub struct WorkspaceFinder {
    cache: HashMap<PathBuf, Option<Arc<Manifest>>>,
}

impl WorkspaceFinder {
    /// The workspace root manifest of `manifest` (possibly itself), if any.
    pub fn root_of(
        &mut self,
        manifest: &Manifest,
        known: &HashMap<PathBuf, Arc<Manifest>>,
    ) -> Option<Arc<Manifest>> {
        if manifest.is_workspace_root {
            return None; // itself; the caller handles it
        }
        if let Some(pointer) = &manifest.workspace_pointer {
            let dir = manifest.dir().join(pointer);
            return self.load(&dir, known).filter(|m| m.is_workspace_root);
        }
        let mut dir = absolute(manifest.dir());
        while let Some(parent) = dir.parent().map(Path::to_path_buf) {
            if let Some(m) = self.load(&parent, known)
                && m.is_workspace_root
            {
                return Some(m);
            }
            dir = parent;
        }
        None
    }

    fn load(
        &mut self,
        dir: &Path,
        known: &HashMap<PathBuf, Arc<Manifest>>,
    ) -> Option<Arc<Manifest>> {
        let dir = absolute(dir);
        if let Some(hit) = self.cache.get(&dir) {
            return hit.clone();
        }
        let path = dir.join("Cargo.toml");
        let found = known.get(&path).cloned().or_else(|| {
            let text: Arc<str> = std::fs::read_to_string(&path).ok()?.into();
            Manifest::parse(&path, path.display().to_string(), text)
                .ok()
                .map(Arc::new)
        });
        self.cache.insert(dir, found.clone());
        found
    }
}

/// An absolute, lexically normalised path (no file-system access besides the cwd).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Manifest {
        Manifest::parse(Path::new("Cargo.toml"), "Cargo.toml".into(), text.into()).unwrap()
    }

    #[test]
    fn renamed_and_inherited_deps() {
        let ws = parse(
            "[workspace]\n[workspace.dependencies]\nwb = { package = \"wit-bindgen\", version = \"0.63\" }\n",
        );
        let mut m = parse(
            "[package]\nname = \"g\"\n[lib]\ncrate-type = [\"cdylib\"]\n[dependencies]\nwb.workspace = true\n",
        );
        assert_eq!(m.role(), Role::Other);
        m.inherit_from(&ws);
        assert_eq!(m.role(), Role::Guest);
        assert_eq!(m.crate_names("wit-bindgen"), vec!["wb", "wit_bindgen"]);
        let span = m.deps[0].span.clone();
        assert_eq!(&m.text[span], "wb");
    }

    #[test]
    fn host_and_guest() {
        let host = parse("[package]\nname = \"h\"\n[dependencies]\nwasmtime = \"48\"\n");
        assert_eq!(host.role(), Role::Host);
        let meta = parse(
            "[package]\nname = \"c\"\n[package.metadata.component]\npackage = \"a:b\"\n[dependencies]\nwasmtime = \"48\"\n",
        );
        assert_eq!(meta.role(), Role::Guest);
        let target = parse(
            "[package]\nname = \"t\"\n[target.'cfg(unix)'.dependencies]\nwasmtime = \"48\"\n",
        );
        assert_eq!(target.role(), Role::Host);
        let dev = parse("[package]\nname = \"d\"\n[dev-dependencies]\nwasmtime = \"48\"\n");
        assert_eq!(dev.role(), Role::Other);
    }

    #[test]
    fn parse_errors_have_spans() {
        let e = Manifest::parse(
            Path::new("Cargo.toml"),
            "Cargo.toml".into(),
            "[package\n".into(),
        )
        .unwrap_err();
        assert!(e.span.is_some());
    }
}
