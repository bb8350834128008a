//! Packages: a manifest with a `[package]`, its role, the names its code may use for the
//! bindgen crates, and which package a file belongs to.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Arc;

use super::manifest::{self, Manifest, Role};
use super::syntax::{CrateNames, WIT_BINDGEN};
use crate::diag::Label;

/// A package found under a root.
pub struct Package {
    pub manifest: Arc<Manifest>,
    pub role: Role,
    pub names: CrateNames,
    /// Indices into the lint's files (`lint::Context::files`).
    pub files: Vec<usize>,
}

impl Package {
    /// The package of a manifest that has a `[package]` section: its role and the names its
    /// code may use for the bindgen crates.
    pub fn new(manifest: Arc<Manifest>) -> Package {
        let role = manifest.role();
        let mut names = CrateNames::of_manifest(&manifest);
        if role != Role::Host {
            // Only a host's `wit_bindgen::` paths are read (`unneeded-wit-bindgen-dep`).
            names.untracked.push(WIT_BINDGEN);
        }
        Package {
            role,
            names,
            manifest,
            files: Vec::new(),
        }
    }

    pub fn name(&self) -> &str {
        self.manifest.package_name.as_deref().unwrap_or("?")
    }

    pub fn root(&self) -> &Path {
        self.manifest.dir()
    }

    /// A label on the manifest entry that makes this package a host or a guest.
    pub fn role_label(&self) -> Option<Label> {
        let m = &self.manifest;
        let (range, msg) = match self.role {
            Role::Host => {
                let dep = m.dep_on("wasmtime", &[manifest::DepKind::Normal])?;
                (
                    dep.span.clone(),
                    format!(
                        "`{}` is a host crate: it depends on `wasmtime`",
                        self.name()
                    ),
                )
            }
            Role::Guest => {
                if let Some(r) = &m.component_metadata {
                    (
                        r.clone(),
                        format!(
                            "`{}` is a guest crate: it has `[package.metadata.component]`",
                            self.name()
                        ),
                    )
                } else {
                    (
                        m.cdylib.clone()?,
                        format!(
                            "`{}` is a guest crate: a `cdylib` that depends on `wit-bindgen`",
                            self.name()
                        ),
                    )
                }
            }
            Role::Other => return None,
        };
        Some(Label::at(m.display.clone(), &m.text, range).with_message(msg))
    }
}

/// Which package a file belongs to: the one whose directory is its nearest ancestor.
pub struct Owners<'p> {
    /// Keyed by path bytes with a fast hasher: every file's ancestors are looked up.
    by_dir: HashMap<&'p OsStr, usize, foldhash::fast::RandomState>,
}

impl<'p> Owners<'p> {
    pub fn new(packages: &'p [Package]) -> Owners<'p> {
        Owners {
            by_dir: packages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.manifest.dir().as_os_str(), i))
                .collect(),
        }
    }

    /// Index into the packages of the package `path` belongs to.
    pub fn of(&self, path: &Path) -> Option<usize> {
        path.ancestors()
            .skip(1)
            .find_map(|dir| self.by_dir.get(dir.as_os_str()).copied())
    }
}
