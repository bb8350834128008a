//! `airssys-gen run --watch`: build and run, then again on every change to a guest's source,
//! the host's, or the WIT they read. A runner still going (a server, a guest that loops) is
//! stopped first; a failed build waits for the next change instead of ending the watch.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::layout::Layout;
use super::{RunRequest, build};
use crate::cmd::{EXIT_REFUSED, Failure};
use crate::toolchain::WasmToolchain;

/// Changes closer together than this are one change (an editor's save is several events).
const SETTLE: Duration = Duration::from_millis(300);
/// How often a running runner is checked for having exited.
const POLL: Duration = Duration::from_millis(100);

/// Watches until interrupted (Ctrl-C ends the process; the runner child goes with it).
pub(super) fn run(
    layout: &Layout,
    toolchain: WasmToolchain,
    req: &RunRequest,
) -> Result<u8, Failure> {
    let (tx, rx) = channel();
    let ignored = layout.target_dirs();
    let watched = layout.watched();
    let roots = watched.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
        {
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| !ignored.iter().any(|t| p.starts_with(t)) && !is_noise(p, &roots))
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    })
    .map_err(|e| watch_failure(&e))?;
    for dir in &watched {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_failure(&e))?;
    }
    let shown: Vec<String> = watched.iter().map(|d| d.display().to_string()).collect();
    eprintln!("==> watching {}", shown.join(", "));
    loop {
        match build(layout, toolchain, req) {
            Ok(runs) => {
                let mut changed = false;
                for mut run in runs {
                    let mut child = run.spawn()?;
                    if let Some(paths) = wait_or_change(&mut child, &rx) {
                        let _ = child.kill();
                        let _ = child.wait();
                        eprintln!("==> changed: {}; stopped the runner", first(&paths));
                        changed = true;
                        break;
                    }
                }
                if changed {
                    settle(&rx);
                    continue;
                }
            }
            // Cargo printed the errors; the fix is the next change.
            Err(failure) => eprintln!("error: {}", failure.message),
        }
        eprintln!("==> waiting for changes (Ctrl-C to stop)");
        match rx.recv() {
            Ok(paths) => eprintln!("==> changed: {}", first(&paths)),
            Err(_) => return Ok(0),
        }
        settle(&rx);
    }
}

/// Waits for the runner to exit (reporting a failure) or for a change, whichever is first.
fn wait_or_change(
    child: &mut std::process::Child,
    rx: &Receiver<Vec<PathBuf>>,
) -> Option<Vec<PathBuf>> {
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            if !status.success() {
                eprintln!("==> the runner exited with {status}");
            }
            return None;
        }
        match rx.recv_timeout(POLL) {
            Ok(paths) => return Some(paths),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Drains the events of one burst of changes.
fn settle(rx: &Receiver<Vec<PathBuf>>) {
    while rx.recv_timeout(SETTLE).is_ok() {}
}

/// Editor and VCS files, and build output, that are not source changes. Only the part below
/// a watched directory counts (a project may itself live under a `target/`).
fn is_noise(path: &std::path::Path, roots: &[PathBuf]) -> bool {
    let below = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    below.components().any(|c| {
        let c = c.as_os_str().to_string_lossy();
        c == ".git" || c == "target"
    }) || path
        .file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.ends_with('~') || n.ends_with(".swp") || n.starts_with(".#"))
}

fn first(paths: &[PathBuf]) -> String {
    paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn watch_failure(e: &notify::Error) -> Failure {
    Failure {
        message: format!("cannot watch for changes: {e}"),
        code: EXIT_REFUSED,
    }
}
