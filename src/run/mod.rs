//! `airssys-gen run`: build every guest for wasm32-wasip2 (release), build the host, and run
//! the host's runner on each guest's component, with the runner flags given after `--`.
//! `--watch` (the `watch` module) does it again whenever a guest's source or the WIT changes.
//!
//! Cargo does the building, with its own progress and errors on the terminal; this module finds
//! the crates ([`layout`]), picks the wasm toolchain ([`crate::toolchain`]) and says which step
//! failed. Exit status: the runner's own (its last non-zero one); 1 when a build fails or the
//! wasm32-wasip2 target is missing; 2 for bad input (no host crate, an unknown guest).

pub mod layout;
mod watch;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::cmd::{EXIT_REFUSED, Failure};
use crate::toolchain::{self, WasmToolchain};
use layout::{Crate, Layout};

/// What `airssys-gen run` was asked to do.
pub struct RunRequest {
    /// Guest names (workspace members) or directories; empty: every guest of the workspace.
    pub guests: Vec<String>,
    /// The host crate's directory; `None`: the workspace's host.
    pub host: Option<PathBuf>,
    pub watch: bool,
    /// Build the host with `--release`.
    pub release: bool,
    /// Passed to the runner after the component's path.
    pub runner_args: Vec<String>,
}

/// Runs the command; `Ok` carries the exit status to end with.
pub fn main(req: &RunRequest) -> Result<u8, Failure> {
    let layout = Layout::discover(Path::new("."), req.host.as_deref(), &req.guests)?;
    if layout.guests.len() > 1 && layout.host_serves_http() {
        let names: Vec<&str> = layout.guests.iter().map(|g| g.name.as_str()).collect();
        return Err(Failure {
            message: format!(
                "the host serves HTTP, one component at a time: name the guest to serve (one of {})",
                names.join(", ")
            ),
            code: crate::cmd::EXIT_BAD_INPUT,
        });
    }
    let toolchain = WasmToolchain::detect().ok_or_else(|| Failure {
        message: toolchain::MISSING.to_string(),
        code: EXIT_REFUSED,
    })?;
    if req.watch {
        return watch::run(&layout, toolchain, req);
    }
    let runs = build(&layout, toolchain, req)?;
    let mut status = 0;
    for mut run in runs {
        let child = run.spawn()?;
        status = finish(child)?.max(status);
    }
    Ok(status)
}

/// One runner invocation, ready to start.
pub(crate) struct Run {
    guest: String,
    command: Command,
}

impl Run {
    fn spawn(&mut self) -> Result<Child, Failure> {
        eprintln!("==> running `{}`", self.guest);
        self.command.spawn().map_err(|e| Failure {
            message: format!("cannot start the host's runner: {e}"),
            code: EXIT_REFUSED,
        })
    }
}

/// Waits for a runner; its exit status (1 when killed by a signal).
fn finish(mut child: Child) -> Result<u8, Failure> {
    let status = child.wait().map_err(|e| Failure {
        message: format!("waiting for the runner: {e}"),
        code: EXIT_REFUSED,
    })?;
    Ok(status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1)))
}

/// Builds every guest, then the host; the runner invocations, one per guest.
pub(crate) fn build(
    layout: &Layout,
    toolchain: WasmToolchain,
    req: &RunRequest,
) -> Result<Vec<Run>, Failure> {
    let mut components = Vec::new();
    for guest in &layout.guests {
        eprintln!(
            "==> building guest `{}` for {} (release)",
            guest.name,
            toolchain::TARGET
        );
        let mut cmd = toolchain.cargo_build(&guest.dir);
        cmd.args(["--package", &guest.name]);
        cargo(cmd, &format!("building guest `{}`", guest.name))?;
        let wasm = guest
            .target_dir
            .join(toolchain::TARGET)
            .join("release")
            .join(format!("{}.wasm", guest.artifact));
        if !wasm.is_file() {
            return Err(Failure {
                message: format!(
                    "building guest `{}` made no {} (is it a `cdylib`?)",
                    guest.name,
                    wasm.display()
                ),
                code: EXIT_REFUSED,
            });
        }
        components.push((guest.name.clone(), wasm));
    }
    let runner = build_host(&layout.host, req.release)?;
    Ok(components
        .into_iter()
        .map(|(guest, wasm)| {
            let mut command = Command::new(&runner);
            command.arg(&wasm).args(&req.runner_args);
            Run { guest, command }
        })
        .collect())
}

/// `cargo build` of the host (rustup's cargo, the native target); its runner's path.
fn build_host(host: &Crate, release: bool) -> Result<PathBuf, Failure> {
    let profile = if release { "release" } else { "debug" };
    eprintln!("==> building host `{}` ({profile})", host.name);
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&host.dir)
        .args(["build", "--package", &host.name]);
    if release {
        cmd.arg("--release");
    }
    cargo(cmd, &format!("building host `{}`", host.name))?;
    Ok(host.target_dir.join(profile).join(format!(
        "{}{}",
        host.artifact,
        std::env::consts::EXE_SUFFIX
    )))
}

/// Runs a cargo build with its output on the terminal; a failure names the step (cargo has
/// printed the errors).
fn cargo(mut cmd: Command, what: &str) -> Result<(), Failure> {
    let status = cmd.status().map_err(|e| Failure {
        message: format!("{what}: cannot run cargo: {e}"),
        code: EXIT_REFUSED,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure {
            message: format!("{what} failed (cargo's errors are above)"),
            code: EXIT_REFUSED,
        })
    }
}
