//! `airssys-gen hook install`: a git pre-commit hook that refuses commits with drifted WIT.
//!
//! The hook runs `airssys-gen wit sync --check` from the top of the work tree. Users of the
//! pre-commit framework use `.pre-commit-hooks.yaml` at the repository root instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files::write_atomic;

/// The hook script. POSIX sh, so it also runs under Git for Windows.
pub const PRE_COMMIT_HOOK: &str = r#"#!/bin/sh
# Installed by `airssys-gen hook install`.
# Refuses the commit when a WIT copy that a bindgen macro reads has drifted from its package's
# canonical copy. Update the copies with `airssys-gen wit sync`; skip the check once with
# `git commit --no-verify`.
if ! command -v airssys-gen >/dev/null 2>&1; then
    echo "pre-commit: airssys-gen is not on PATH; install it, or remove this hook ($0)" >&2
    exit 1
fi
exec airssys-gen wit sync --check
"#;

#[derive(Debug, Clone)]
pub struct HookOptions {
    /// A directory inside the repository (default `.`).
    pub dir: PathBuf,
    /// Replace an existing, different pre-commit hook.
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookOutcome {
    Installed(PathBuf),
    /// An existing, different hook was replaced (`--force`).
    Replaced(PathBuf),
    /// The same hook was already there.
    Unchanged(PathBuf),
}

impl HookOutcome {
    pub fn message(&self) -> String {
        match self {
            HookOutcome::Installed(p) => format!("installed pre-commit hook `{}`", p.display()),
            HookOutcome::Replaced(p) => {
                format!("replaced the existing pre-commit hook `{}`", p.display())
            }
            HookOutcome::Unchanged(p) => {
                format!("pre-commit hook `{}` is already installed", p.display())
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error("`{}` is not inside a git repository", .0.display())]
    NotARepository(PathBuf),
    #[error(
        "a different pre-commit hook already exists at `{}`; pass --force to replace it (or call `airssys-gen wit sync --check` from it)",
        .0.display()
    )]
    Exists(PathBuf),
    #[error("cannot write `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the pre-commit hook into the repository containing `opts.dir`.
pub fn install(opts: &HookOptions) -> Result<HookOutcome, HookError> {
    let hooks = hooks_dir(&opts.dir)?;
    let path = hooks.join("pre-commit");
    let replaced = match std::fs::read(&path) {
        Ok(existing) if existing == PRE_COMMIT_HOOK.as_bytes() && is_executable(&path) => {
            return Ok(HookOutcome::Unchanged(path));
        }
        Ok(existing) if existing == PRE_COMMIT_HOOK.as_bytes() => false,
        Ok(_) if !opts.force => return Err(HookError::Exists(path)),
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => return Err(HookError::Io { path, source }),
    };
    write_atomic(&path, PRE_COMMIT_HOOK.as_bytes()).map_err(|e| HookError::Io {
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    make_executable(&path).map_err(|source| HookError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(if replaced {
        HookOutcome::Replaced(path)
    } else {
        HookOutcome::Installed(path)
    })
}

/// The hooks directory git uses (honours `core.hooksPath` and worktrees), asking git itself;
/// without a usable git, the nearest `.git` directory's `hooks/`.
fn hooks_dir(dir: &Path) -> Result<PathBuf, HookError> {
    let git = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--git-path", "hooks"])
        .output();
    if let Ok(out) = git {
        if !out.status.success() {
            return Err(HookError::NotARepository(dir.to_path_buf()));
        }
        let rel = String::from_utf8_lossy(&out.stdout).trim().to_string();
        return Ok(dir.join(rel));
    }
    let start = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    start
        .ancestors()
        .map(|a| a.join(".git"))
        .find(|g| g.is_dir())
        .map(|g| g.join("hooks"))
        .ok_or_else(|| HookError::NotARepository(dir.to_path_buf()))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    true
}
