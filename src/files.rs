//! Writing a generated tree to disk: all-or-nothing refusal of existing files, atomic writes,
//! and `--dry-run`.
//!
//! Generators build a [`FileSet`] in memory first; nothing touches the disk until every file
//! is known, so a refusal never leaves half a crate behind.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Generated files keyed by path relative to the output directory. A BTreeMap so the order of
/// listings and writes never varies.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSet {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

/// How to treat files that already exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Replace existing files whose contents differ.
    pub force: bool,
    /// Report what would be written; write nothing.
    pub dry_run: bool,
}

/// What happened (or, with `--dry-run`, would happen) to each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Create,
    Overwrite,
    Unchanged,
}

impl FileAction {
    pub fn label(self) -> &'static str {
        match self {
            FileAction::Create => "create",
            FileAction::Overwrite => "overwrite",
            FileAction::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Existing files with other contents, and no `--force`. Nothing was written.
    #[error(
        "refusing to overwrite {} existing file(s) in `{}` (pass --force to replace them):\n{}",
        .paths.len(),
        .out.display(),
        .paths.iter().map(|p| format!("  {}", p.display())).collect::<Vec<_>>().join("\n")
    )]
    Exists { out: PathBuf, paths: Vec<PathBuf> },
    #[error("cannot write `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl FileSet {
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Plans every file against the disk, then (unless dry-run) writes them atomically.
    pub fn write(
        &self,
        out: &Path,
        opts: WriteOptions,
    ) -> Result<Vec<(PathBuf, FileAction)>, WriteError> {
        let mut plan = Vec::with_capacity(self.files.len());
        let mut conflicts = Vec::new();
        for (rel, contents) in &self.files {
            let path = out.join(rel);
            let action = match std::fs::read(&path) {
                Ok(existing) if existing == *contents => FileAction::Unchanged,
                Ok(_) => {
                    conflicts.push(rel.clone());
                    FileAction::Overwrite
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileAction::Create,
                Err(source) => return Err(WriteError::Io { path, source }),
            };
            plan.push((rel.clone(), action));
        }
        if !conflicts.is_empty() && !opts.force {
            return Err(WriteError::Exists {
                out: out.to_path_buf(),
                paths: conflicts,
            });
        }
        if !opts.dry_run {
            for (rel, action) in &plan {
                if *action != FileAction::Unchanged {
                    write_atomic(&out.join(rel), &self.files[rel])?;
                }
            }
        }
        Ok(plan)
    }
}

/// Writes through a temporary file in the same directory and renames it into place, so a
/// crash or full disk never leaves a half-written file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(contents).map_err(io)?;
    // Temp files are created 0600; keep an existing file's mode, else the usual 0644.
    let perms = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(),
    };
    tmp.as_file().set_permissions(perms).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .expect("temporary file metadata")
}
