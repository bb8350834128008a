//! Which crates `airssys-gen run` builds: the host and the guests, found through
//! `cargo metadata` (so workspaces, `CARGO_TARGET_DIR` and renamed targets all resolve as
//! cargo sees them), and what `--watch` watches.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::cmd::{EXIT_BAD_INPUT, Failure};

/// A crate to build.
#[derive(Debug, Clone)]
pub struct Crate {
    /// The package name (`cargo build --package`).
    pub name: String,
    pub dir: PathBuf,
    /// Where cargo puts its output.
    pub target_dir: PathBuf,
    /// The file name of what it builds, without extension: the binary of a host, the
    /// `cdylib` of a guest (`my_guest`).
    pub artifact: String,
    /// The directory its macro's `path:` names (the WIT it reads).
    pub wit_dir: PathBuf,
}

/// The host and the guests to run on it.
#[derive(Debug)]
pub struct Layout {
    pub host: Crate,
    pub guests: Vec<Crate>,
}

impl Layout {
    /// The host (`host`, or the one host crate of the workspace at `cwd`) and the guests:
    /// those named (workspace members or directories), or every guest of the workspace.
    pub fn discover(cwd: &Path, host: Option<&Path>, guests: &[String]) -> Result<Layout, Failure> {
        let workspace = match metadata(cwd) {
            Ok(ws) => Some(ws),
            Err(e) if host.is_none() => {
                return Err(bad(format!(
                    "{e}\nrun inside an `airssys-gen new` workspace, or pass --host DIR and guest directories"
                )));
            }
            Err(_) => None,
        };
        let members: Vec<Crate> = workspace.as_ref().map(|ws| ws.crates()).unwrap_or_default();
        let host = match host {
            Some(dir) => crate_at(dir)?,
            None => {
                let hosts: Vec<&Crate> = members.iter().filter(|c| is_host(&c.dir)).collect();
                match hosts.as_slice() {
                    [one] => (*one).clone(),
                    [] => {
                        return Err(bad(
                            "no host crate in this workspace (a crate whose src/bindings.rs calls `wasmtime::component::bindgen!`); pass --host DIR".into(),
                        ));
                    }
                    several => {
                        let names: Vec<&str> = several.iter().map(|c| c.name.as_str()).collect();
                        return Err(bad(format!(
                            "several host crates in this workspace ({}); pass --host DIR",
                            names.join(", ")
                        )));
                    }
                }
            }
        };
        let known: Vec<&Crate> = members.iter().filter(|c| is_guest(&c.dir)).collect();
        let guests = if guests.is_empty() {
            if known.is_empty() {
                return Err(bad(
                    "no guest crates in this workspace (crates whose src/lib.rs calls `wit_bindgen::generate!`); name their directories".into(),
                ));
            }
            known.into_iter().cloned().collect()
        } else {
            guests
                .iter()
                .map(|g| match known.iter().find(|c| c.name == *g) {
                    Some(c) => Ok((*c).clone()),
                    None if Path::new(g).is_dir() => crate_at(Path::new(g)),
                    None => {
                        let names: Vec<&str> = known.iter().map(|c| c.name.as_str()).collect();
                        Err(bad(format!(
                            "no guest `{g}`: not a guest of this workspace ({}) nor a directory",
                            if names.is_empty() {
                                "none".to_string()
                            } else {
                                names.join(", ")
                            }
                        )))
                    }
                })
                .collect::<Result<_, _>>()?
        };
        Ok(Layout { host, guests })
    }

    /// The host's runner is the HTTP server (`host` writes it for `wasi:http/proxy` worlds),
    /// which serves one component until stopped.
    pub fn host_serves_http(&self) -> bool {
        read(&self.host.dir, "src/main.rs").is_some_and(|t| t.contains("TcpListener::bind"))
    }

    /// What `--watch` watches: every crate's directory and the WIT each reads.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for c in self.guests.iter().chain([&self.host]) {
            for dir in [&c.dir, &c.wit_dir] {
                let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                if dir.is_dir() && !out.iter().any(|o| dir.starts_with(o)) {
                    out.retain(|o| !o.starts_with(&dir));
                    out.push(dir);
                }
            }
        }
        out
    }

    /// Build output, whose changes `--watch` ignores.
    pub fn target_dirs(&self) -> Vec<PathBuf> {
        self.guests
            .iter()
            .chain([&self.host])
            .map(|c| {
                c.target_dir
                    .canonicalize()
                    .unwrap_or_else(|_| c.target_dir.clone())
            })
            .collect()
    }
}

fn bad(message: String) -> Failure {
    Failure {
        message,
        code: EXIT_BAD_INPUT,
    }
}

fn is_host(dir: &Path) -> bool {
    read(dir, "src/bindings.rs").is_some_and(|t| t.contains("bindgen!"))
}

fn is_guest(dir: &Path) -> bool {
    read(dir, "src/lib.rs").is_some_and(|t| t.contains("wit_bindgen::generate!"))
}

fn read(dir: &Path, rel: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(rel)).ok()
}

/// The package whose directory is `dir`.
fn crate_at(dir: &Path) -> Result<Crate, Failure> {
    let canonical = dir
        .canonicalize()
        .map_err(|e| bad(format!("`{}`: {e}", dir.display())))?;
    let ws = metadata(&canonical).map_err(|e| bad(format!("`{}`: {e}", dir.display())))?;
    ws.crates()
        .into_iter()
        .find(|c| c.dir.canonicalize().is_ok_and(|d| d == canonical))
        .ok_or_else(|| {
            bad(format!(
                "`{}` holds no Cargo.toml of a package",
                dir.display()
            ))
        })
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    target_directory: PathBuf,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    manifest_path: PathBuf,
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

impl Metadata {
    fn crates(&self) -> Vec<Crate> {
        self.packages
            .iter()
            .filter_map(|p| {
                let dir = p.manifest_path.parent()?.to_path_buf();
                // A guest builds its cdylib (`-` becomes `_` in the file), a host its binary.
                let artifact = p
                    .targets
                    .iter()
                    .find(|t| t.kind.iter().any(|k| k == "cdylib"))
                    .map(|t| t.name.replace('-', "_"))
                    .or_else(|| {
                        p.targets
                            .iter()
                            .find(|t| t.kind.iter().any(|k| k == "bin") && t.name == p.name)
                            .or_else(|| {
                                p.targets.iter().find(|t| t.kind.iter().any(|k| k == "bin"))
                            })
                            .map(|t| t.name.clone())
                    })?;
                let wit_dir = macro_path(&dir).map_or_else(|| dir.join("wit"), |p| dir.join(p));
                Some(Crate {
                    name: p.name.clone(),
                    dir,
                    target_dir: self.target_directory.clone(),
                    artifact,
                    wit_dir,
                })
            })
            .collect()
    }
}

/// The `path: "..."` of the crate's `bindgen!` or `generate!` call.
fn macro_path(dir: &Path) -> Option<String> {
    let text = read(dir, "src/bindings.rs")
        .filter(|t| t.contains("bindgen!"))
        .or_else(|| read(dir, "src/lib.rs"))?;
    let at = text.find("path:")?;
    let rest = text[at + 5..].trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// `cargo metadata --no-deps` of the workspace at `dir`.
fn metadata(dir: &Path) -> Result<Metadata, String> {
    let mut cmd = Command::new("cargo");
    let out = cmd
        .current_dir(dir)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!(
            "no cargo workspace at `{}`: {}",
            dir.display(),
            first.trim_start_matches("error: ")
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))
}
