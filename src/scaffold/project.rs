//! `airssys-gen new`: a cargo workspace with a host, its guests and ONE `wit/` at the root
//! that every crate's macro reads (`path: "../wit"`, `"../../wit"`), so no copy can drift;
//! plus the lint configuration, pre-commit hooks, a CI workflow and a README.
//!
//! The crates are the ones `host` and `guest new-component` write, moved under the workspace:
//! their vendored `wit/` dropped, the macro `path` pointed at the root, and their profiles
//! (which cargo reads from the workspace root only) moved to the root manifest.

use std::path::{Path, PathBuf};

use wit_parser::WorldId;

use super::host::Execution;
use super::{ScaffoldError, render_template};
use crate::files::FileSet;
use crate::wit::WitPackage;

const README: &str = include_str!("../../templates/project/README.md");
const LINT_TOML: &str = include_str!("../../templates/project/airssys-lint.toml");
const PRE_COMMIT: &str = include_str!("../../templates/project/pre-commit-config.yaml");
const CI: &str = include_str!("../../templates/project/ci.yml");
const GITIGNORE: &str = include_str!("../../templates/project/gitignore");

/// Where the host crate lives in the workspace.
pub const HOST_DIR: &str = "host";
/// Where guest crates live: `guests/<name>`.
pub const GUESTS_DIR: &str = "guests";

/// What `airssys-gen new` was asked for.
pub struct Project<'a> {
    pub name: &'a str,
    pub package: &'a WitPackage,
    pub world: WorldId,
    /// Guest crate names (also their directory names under `guests/`).
    pub guests: Vec<String>,
    pub execution: Execution,
}

/// Guest names for `--guests N`: `<name>-guest`, or `<name>-guest-1` .. `-N`.
pub fn guest_names(name: &str, count: usize) -> Vec<String> {
    match count {
        1 => vec![format!("{name}-guest")],
        n => (1..=n).map(|i| format!("{name}-guest-{i}")).collect(),
    }
}

/// Every file of the workspace, relative to its root.
pub fn generate(project: &Project) -> Result<FileSet, ScaffoldError> {
    let Project {
        name,
        package,
        world,
        guests,
        execution,
    } = project;
    super::validate_crate_name(name)?;
    let host_name = format!("{name}-host");
    let mut files = FileSet::default();

    let host = super::host::generate(package, *world, &host_name, *execution)?;
    adopt(&mut files, host, HOST_DIR, "bindgen", "../wit", |cargo| {
        cargo.replace(super::host::DEV_PROFILE, "")
    });
    let mut seen = std::collections::BTreeSet::new();
    for guest in guests {
        if !seen.insert(guest) {
            return Err(ScaffoldError::Names(format!(
                "the guest name `{guest}` is given twice"
            )));
        }
        if guest == &host_name {
            return Err(ScaffoldError::Names(format!(
                "the guest name `{guest}` is the host crate's; pick another"
            )));
        }
        let crate_files = super::guest::generate(package, *world, guest)?;
        let dir = format!("{GUESTS_DIR}/{guest}");
        adopt(
            &mut files,
            crate_files,
            &dir,
            "generate",
            "../../wit",
            |cargo| match cargo.find("\n# Small components") {
                Some(i) => format!("{}\n", cargo[..i].trim_end()),
                None => cargo,
            },
        );
    }
    for (path, bytes) in &package.files {
        files.insert(PathBuf::from("wit").join(path), bytes.clone());
    }

    let world_id = super::world_id_string(package, *world);
    let members: Vec<String> = std::iter::once(HOST_DIR.to_string())
        .chain(guests.iter().map(|g| format!("{GUESTS_DIR}/{g}")))
        .collect();
    files.insert("Cargo.toml", root_manifest(&members, guests));
    let guest_list = guests
        .iter()
        .map(|g| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let run_guests: String = guests.iter().map(|g| format!(" {g}")).collect();
    let vars = [
        ("name", *name),
        ("world", world_id.as_str()),
        ("origin", package.origin.as_str()),
        ("tool_version", super::TOOL_VERSION),
        ("first_guest", guests.first().map_or("", String::as_str)),
        ("guest_list", guest_list.as_str()),
        ("run_guests", run_guests.as_str()),
    ];
    files.insert("README.md", render_template(README, &vars));
    files.insert("airssys-lint.toml", LINT_TOML);
    files.insert(".pre-commit-config.yaml", PRE_COMMIT);
    files.insert(".github/workflows/ci.yml", render_template(CI, &vars));
    files.insert(".gitignore", GITIGNORE);
    Ok(files)
}

/// Moves a generated crate's files under `dir`: without its `wit/` (and `.gitignore`, the
/// root's covers it), its `<mac>!` reading `wit_path`, its Cargo.toml passed through `manifest`.
fn adopt(
    files: &mut FileSet,
    crate_files: FileSet,
    dir: &str,
    mac: &str,
    wit_path: &str,
    manifest: impl FnOnce(String) -> String,
) {
    let mut manifest = Some(manifest);
    let mut pointed = false;
    for (path, bytes) in crate_files.files {
        if path.starts_with("wit") || path == Path::new(".gitignore") {
            continue;
        }
        let bytes = if path == Path::new("README.md") {
            // The layout table's `wit/` row: the crate reads the workspace's copy.
            let text = String::from_utf8(bytes).expect("generated READMEs are UTF-8");
            let row = format!(
                "| `wit/` | a vendored copy of the WIT package; `{mac}!` reads it at compile time |"
            );
            let shared = format!(
                "| `{}` | the workspace's WIT package (the one copy); `{mac}!` reads it at compile time |",
                wit_path.trim_end_matches('/').to_string() + "/"
            );
            text.replace(&row, &shared)
                .replace(
                    "When the WIT changes, re-vendor it (`airssys-gen wit sync`) and rebuild",
                    "When the WIT changes, rebuild",
                )
                .into_bytes()
        } else if path == Path::new("Cargo.toml") {
            let text = String::from_utf8(bytes).expect("generated manifests are UTF-8");
            (manifest.take().expect("one Cargo.toml"))(text).into_bytes()
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = String::from_utf8(bytes).expect("generated Rust is UTF-8");
            let macro_call = format!("{mac}!({{\n    path: \"wit\",");
            if text.contains(&macro_call) {
                pointed = true;
                text.replacen(
                    &macro_call,
                    &format!("{mac}!({{\n    path: \"{wit_path}\","),
                    1,
                )
                .into_bytes()
            } else {
                text.into_bytes()
            }
        } else {
            bytes
        };
        files.insert(Path::new(dir).join(path), bytes);
    }
    // The generators always write `path: "wit"` first; a crate that did not would still read
    // a `wit/` that is no longer there.
    assert!(
        pointed,
        "no `{mac}!` call with `path: \"wit\"` in the crate for {dir}"
    );
}

/// The workspace manifest: members, and the profiles the crates would have had.
fn root_manifest(members: &[String], guests: &[String]) -> String {
    let members: String = members.iter().map(|m| format!("    \"{m}\",\n")).collect();
    let guest_profiles: String = guests
        .iter()
        .map(|g| format!("\n[profile.release.package.{g}]\nopt-level = \"s\"\nstrip = true\n"))
        .collect();
    format!(
        "# Generated by airssys-gen {}: a wasmtime host and its components, sharing ./wit.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n{}\n\
         # Small components: guests are optimised for size (cargo reads profiles from the\n\
         # workspace root only). wasm32 targets abort on panic already.\n{guest_profiles}",
        super::TOOL_VERSION,
        super::host::DEV_PROFILE,
    )
}
