//! The `wit sync` report as text.

use std::fmt::Write as _;
use std::path::Path;

use super::{CopyStatus, FileAction, SyncReport, WitCopy};

/// `path` relative to `root` when it is inside it.
fn rel<'a>(root: &Path, path: &'a Path) -> std::borrow::Cow<'a, Path> {
    match path.strip_prefix(root) {
        Ok(p) if !p.as_os_str().is_empty() => p.into(),
        _ => path.into(),
    }
}

fn users(root: &Path, copy: &WitCopy) -> String {
    if copy.users.is_empty() {
        return "given with --canonical".to_string();
    }
    let names: Vec<String> = copy
        .users
        .iter()
        .map(|u| {
            format!(
                "`{}` ({}, {})",
                u.crate_name,
                if u.host { "host" } else { "guest" },
                rel(root, &u.file).display()
            )
        })
        .collect();
    format!("used by {}", names.join(", "))
}

/// The report as text: per package, the canonical copy and every other copy with its status,
/// its semantic changes (located in both copies) and, when writing, the files changed. The
/// summary line is [`render_summary`].
pub fn render_report(report: &SyncReport) -> String {
    let root = report.root.as_path();
    let mut out = String::new();
    for group in &report.groups {
        let _ = writeln!(
            out,
            "package `{}`: canonical copy `{}` ({})",
            group.package,
            rel(root, &group.canonical.path).display(),
            users(root, &group.canonical)
        );
        if group.copies.is_empty() {
            let _ = writeln!(out, "  no other copies");
        }
        for copy in &group.copies {
            let path = rel(root, &copy.copy.path);
            let status = match (copy.status(), report.check) {
                (CopyStatus::InSync, _) => "in sync".to_string(),
                (CopyStatus::Cosmetic, true) => {
                    "cosmetic differences only (not drift; `wit sync` would rewrite the files)"
                        .to_string()
                }
                (CopyStatus::Cosmetic, false) => "cosmetic differences only; updated".to_string(),
                (CopyStatus::Drift, check) => format!(
                    "drift, {} change{}{}; {}",
                    copy.changes.len(),
                    if copy.changes.len() == 1 { "" } else { "s" },
                    if check { "" } else { ", updated" },
                    if copy.guests_still_link() {
                        "guests built from it still link against hosts built from the canonical copy"
                    } else {
                        "guests built from it do not link against hosts built from the canonical copy"
                    }
                ),
            };
            let _ = writeln!(
                out,
                "  `{}` ({}): {status}",
                path.display(),
                users(root, &copy.copy)
            );
            for c in &copy.changes {
                let _ = writeln!(out, "    {}: {}: {}", c.label(), c.path, c.message);
                if let Some(l) = &c.old {
                    let _ = writeln!(
                        out,
                        "      this copy: {}:{}:{}",
                        rel(root, &l.file).display(),
                        l.line,
                        l.column
                    );
                }
                if let Some(l) = &c.new {
                    let _ = writeln!(
                        out,
                        "      canonical: {}:{}:{}",
                        rel(root, &l.file).display(),
                        l.line,
                        l.column
                    );
                }
            }
            if !report.check {
                for f in &copy.files {
                    let note = if f.action == FileAction::Remove {
                        " (not in the canonical copy)"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "    {} {}{note}",
                        f.action.label(),
                        path.join(&f.path).display()
                    );
                }
            }
        }
    }
    for s in &report.skipped {
        let _ = writeln!(
            out,
            "note: skipped a bindgen macro in `{}`: {}",
            rel(root, &s.file).display(),
            s.reason
        );
    }
    out
}

/// One line: what `--check` found or what sync did. On drift with `--check` it is the error
/// message (the CLI prints it after `error: ` and exits 1).
pub fn render_summary(report: &SyncReport) -> String {
    let total: usize = report.groups.iter().map(|g| g.copies.len()).sum();
    let drifted = report.drifted().count();
    let written = report
        .groups
        .iter()
        .flat_map(|g| &g.copies)
        .filter(|c| c.status() != CopyStatus::InSync)
        .count();
    let copies = |n: usize| format!("{n} cop{}", if n == 1 { "y" } else { "ies" });
    if report.groups.is_empty() {
        "no WIT copies found (no bindgen macro reads a WIT directory)".to_string()
    } else if report.check && drifted > 0 {
        format!(
            "{drifted} of {} drifted from the canonical copy; run `airssys-gen wit sync` to update {}",
            copies(total),
            if drifted == 1 { "it" } else { "them" }
        )
    } else if report.check {
        format!("{} in sync", copies(total))
    } else if written == 0 {
        format!("{} already in sync", copies(total))
    } else {
        format!("synced: {written} of {} updated", copies(total))
    }
}
