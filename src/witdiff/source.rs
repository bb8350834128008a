//! Where one side of `wit diff` comes from: a WIT directory or `.wit` file, or `REV:PATH` read
//! from git (`main:wit`, `v1.2.0:host/wit`), checked out into a temporary directory.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One side, loaded into a directory the WIT loader can read.
pub struct Checkout {
    /// What the user wrote (`main:wit`), for messages and locations.
    pub spec: String,
    /// The directory or file to load.
    pub path: PathBuf,
    /// For a git side: the temporary directory (kept alive while the side is used) and the
    /// `REV:PATH` prefix its files stand for.
    pub git: Option<(tempfile::TempDir, String)>,
}

impl Checkout {
    /// Rewrites a location inside a git checkout to `REV:PATH/file`.
    pub fn display_path(&self, file: &Path) -> PathBuf {
        match &self.git {
            Some((tmp, prefix)) => match file.strip_prefix(tmp.path()) {
                Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from(prefix),
                Ok(rel) if prefix.ends_with(':') => {
                    PathBuf::from(format!("{prefix}{}", rel.display()))
                }
                Ok(rel) => PathBuf::from(format!("{prefix}/{}", rel.display())),
                Err(_) => file.to_path_buf(),
            },
            None => file.to_path_buf(),
        }
    }
}

/// `spec` as a path when it exists, else as `REV:PATH` in the git repository at `cwd`.
pub fn checkout(spec: &str, cwd: &Path) -> Result<Checkout, String> {
    let as_path = cwd.join(spec);
    if as_path.exists() {
        return Ok(Checkout {
            spec: spec.to_string(),
            path: PathBuf::from(spec),
            git: None,
        });
    }
    let Some((rev, path)) = spec.split_once(':').filter(|(rev, _)| !rev.is_empty()) else {
        return Err(format!(
            "`{spec}` does not exist (give a WIT directory, a .wit file, or REV:PATH from git)"
        ));
    };
    let path = path.trim_end_matches('/');
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(cwd)
            .output()
            .map_err(|e| format!("cannot run git for `{spec}`: {e}"))?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!(
                "`{spec}`: git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    // Paths in git are relative to the repository root; ours are relative to `cwd`.
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let full = format!("{prefix}{path}");
    let listing = git(&[
        "ls-tree",
        "--full-tree",
        "-r",
        "--name-only",
        "-z",
        rev,
        "--",
        &full,
    ])?;
    let files: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    if files.is_empty() {
        return Err(format!("`{spec}`: `{path}` does not exist at `{rev}`"));
    }
    let tmp =
        tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    for file in &files {
        let rel = file
            .strip_prefix(&full)
            .unwrap_or(file)
            .trim_start_matches('/');
        let bytes = git(&["show", &format!("{rev}:{file}")])?;
        let dest = if rel.is_empty() {
            // PATH names a single file.
            tmp.path()
                .join(Path::new(file).file_name().unwrap_or_default())
        } else {
            tmp.path().join(rel)
        };
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&dest, bytes).map_err(|e| format!("{}: {e}", dest.display()))?;
    }
    let single_file = files.len() == 1 && files[0] == full;
    let load = if single_file {
        tmp.path()
            .join(Path::new(&full).file_name().unwrap_or_default())
    } else {
        tmp.path().to_path_buf()
    };
    // Locations show the file as `REV:dir/file.wit`.
    let shown = if single_file {
        Path::new(path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        path.to_string()
    };
    let prefix = if shown.is_empty() {
        format!("{rev}:")
    } else {
        format!("{rev}:{shown}")
    };
    Ok(Checkout {
        spec: spec.to_string(),
        path: load,
        git: Some((tmp, prefix)),
    })
}
