//! The files of one WIT copy: reading them, planning the updates that make a copy equal to
//! the canonical one, and writing those updates atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{FileAction, FileUpdate, SyncError};
use crate::files::write_atomic;

/// The files of a WIT package, exactly those wit-parser reads: `*.wit` in the directory, and
/// in `deps/` every `*.wit`/`*.wat`/`*.wasm` file and the `*.wit` files of every subdirectory.
/// Anything else (READMEs, other directories) is not part of the package and never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFiles {
    /// Relative paths (`types.wit`, `deps/io/streams.wit`) to bytes.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// The copy is a single `.wit` file rather than a directory.
    pub single_file: bool,
}

impl PackageFiles {
    pub fn read(path: &Path) -> Result<PackageFiles, SyncError> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| SyncError::Io { path: p, source }
        };
        let meta = std::fs::metadata(path).map_err(io(path))?;
        let mut files = BTreeMap::new();
        if !meta.is_dir() {
            let name = path.file_name().map(PathBuf::from).unwrap_or_default();
            files.insert(name, std::fs::read(path).map_err(io(path))?);
            return Ok(PackageFiles {
                files,
                single_file: true,
            });
        }
        read_wit_dir(path, Path::new(""), &mut files)?;
        let deps = path.join("deps");
        if deps.is_dir() {
            for entry in std::fs::read_dir(&deps).map_err(io(&deps))? {
                let entry = entry.map_err(io(&deps))?;
                let p = entry.path();
                let name = PathBuf::from(entry.file_name());
                if p.is_dir() {
                    read_wit_dir(&p, &Path::new("deps").join(&name), &mut files)?;
                } else if matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("wit" | "wat" | "wasm")
                ) {
                    files.insert(
                        Path::new("deps").join(name),
                        std::fs::read(&p).map_err(io(&p))?,
                    );
                }
            }
        }
        Ok(PackageFiles {
            files,
            single_file: false,
        })
    }
}

impl PackageFiles {
    /// See [`crate::wit::tokens::token_form`].
    pub fn token_form(&self) -> BTreeMap<&Path, Vec<u8>> {
        crate::wit::tokens::token_form(&self.files)
    }
}

fn read_wit_dir(
    dir: &Path,
    rel: &Path,
    out: &mut BTreeMap<PathBuf, Vec<u8>>,
) -> Result<(), SyncError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| SyncError::Io { path: p, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("wit") && !p.is_dir() {
            out.insert(
                rel.join(entry.file_name()),
                std::fs::read(&p).map_err(io(&p))?,
            );
        }
    }
    Ok(())
}

/// What to do to `copy` so its package files equal `canonical`'s.
pub(super) fn plan(
    copy: &PackageFiles,
    canonical: &PackageFiles,
    copy_path: &Path,
    canonical_path: &Path,
) -> Result<Vec<FileUpdate>, SyncError> {
    if copy.files == canonical.files {
        return Ok(Vec::new());
    }
    if copy.single_file {
        // A single-file copy can only take a single-file package; it keeps its own name.
        let (Some((_, bytes)), 1) = (canonical.files.iter().next(), canonical.files.len()) else {
            return Err(SyncError::Shape {
                copy: copy_path.to_path_buf(),
                canonical: canonical_path.to_path_buf(),
            });
        };
        let (name, old) = copy.files.iter().next().expect("single file");
        return Ok(if old == bytes {
            Vec::new()
        } else {
            vec![FileUpdate {
                path: name.clone(),
                action: FileAction::Overwrite,
            }]
        });
    }
    let mut out = Vec::new();
    for (rel, bytes) in &canonical.files {
        // A single-file canonical copy becomes the one file of a directory copy.
        let rel = rel.clone();
        match copy.files.get(&rel) {
            Some(old) if old == bytes => {}
            Some(_) => out.push(FileUpdate {
                path: rel,
                action: FileAction::Overwrite,
            }),
            None => out.push(FileUpdate {
                path: rel,
                action: FileAction::Create,
            }),
        }
    }
    for rel in copy.files.keys() {
        if !canonical.files.contains_key(rel) {
            out.push(FileUpdate {
                path: rel.clone(),
                action: FileAction::Remove,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Writes the planned updates: each file atomically (temp file + rename), stale files removed,
/// and `deps/` subdirectories that end up empty removed too.
pub(super) fn apply(
    copy: &Path,
    canonical: &Path,
    updates: &[FileUpdate],
) -> Result<(), SyncError> {
    if updates.is_empty() {
        return Ok(());
    }
    let copy_is_file = copy.is_file();
    let canonical_is_file = canonical.is_file();
    for u in updates {
        let target = if copy_is_file {
            copy.to_path_buf()
        } else {
            copy.join(&u.path)
        };
        match u.action {
            FileAction::Create | FileAction::Overwrite => {
                let source = if canonical_is_file {
                    canonical.to_path_buf()
                } else {
                    canonical.join(&u.path)
                };
                let bytes = std::fs::read(&source).map_err(|source_err| SyncError::Io {
                    path: source.clone(),
                    source: source_err,
                })?;
                write_atomic(&target, &bytes).map_err(|e| match e {
                    crate::files::WriteError::Io { path, source } => {
                        SyncError::Write { path, source }
                    }
                    other => SyncError::Write {
                        path: target.clone(),
                        source: std::io::Error::other(other.to_string()),
                    },
                })?;
            }
            FileAction::Remove => {
                std::fs::remove_file(&target).map_err(|source| SyncError::Write {
                    path: target.clone(),
                    source,
                })?;
                if let Some(parent) = target.parent()
                    && parent != copy
                    && parent.starts_with(copy.join("deps"))
                    && parent != copy.join("deps")
                {
                    // Only succeeds when empty; anything else in it stays.
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
    Ok(())
}
