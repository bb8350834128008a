//! `airssys-lint component FILE.wasm`: does a built component fit a host world?
//!
//! The component's own WIT is decoded from the binary (wit-component) and compared with the host
//! world using the semantic diff in world mode, the component as the old side and the host as
//! the new side. A change is a problem when a guest built from the old side does not run on a
//! host built from the new side (`compat.old_guests` is false): an import the host does not
//! provide, an export the host expects but the component lacks, or a type that differs. Host
//! imports the component does not use and extra component exports are fine and reported as
//! notes. wit-component's own `targets` check (the component-model validator) runs too, so a
//! mismatch the diff does not model still fails.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wit_parser::{InterfaceId, Resolve, WorldId, WorldItem, WorldKey};

use super::{Change, Wording, diff_worlds_with};
use crate::wit::{WitError, WitPackage, WitSource};

#[derive(Debug, thiserror::Error)]
pub enum ComponentError {
    #[error("cannot read `{}`: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not a component: {message}", .path.display())]
    Decode { path: PathBuf, message: String },
    #[error("`{}` is a WIT package encoded as wasm, not a component", .0.display())]
    WitPackage(PathBuf),
    #[error(transparent)]
    Wit(#[from] WitError),
}

/// The outcome of checking one component against one host world.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComponentReport {
    pub file: PathBuf,
    /// The component's world, as decoded (`root:component/root` for wit-bindgen guests).
    pub component_world: String,
    /// `ns:pkg/world` of the host world.
    pub host_world: String,
    /// Where the host WIT came from.
    pub host_origin: String,
    /// WASI 0.2 interfaces the component imports that the host world does not have, taken
    /// as provided by wasmtime-wasi (empty with `--no-wasi`, where they are problems).
    pub wasi_imports: Vec<String>,
    /// Every difference, from the component's WIT (old) to the host world (new).
    pub changes: Vec<Change>,
    /// The component-model validator's verdict on the component targeting the host world
    /// (`wit_component::targets`): `None` when it accepts it.
    pub validator_error: Option<String>,
}

impl ComponentReport {
    /// Changes that stop the component from running on a host built from the world.
    pub fn problems(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.compat.old_guests)
    }

    /// Differences that do not matter for this pairing.
    pub fn notes(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.compat.old_guests)
    }

    pub fn is_compatible(&self) -> bool {
        self.problems().next().is_none() && self.validator_error.is_none()
    }
}

/// Checks a component's bytes against `world` of `host`. With `wasi`, imports of WASI 0.2
/// interfaces the world does not have count as provided by the host through wasmtime-wasi
/// (`wasmtime_wasi::p2::add_to_linker_sync`, which the scaffolded host calls): every
/// wasm32-wasip2 guest imports a few of them through Rust's std.
pub fn check_component(
    file: &Path,
    wasm: &[u8],
    host: &Resolve,
    world: WorldId,
    host_origin: &str,
    wasi: bool,
) -> Result<ComponentReport, ComponentError> {
    // A core module decodes as an empty component world; say what it is instead.
    match wasm {
        [0, b'a', b's', b'm', _, _, 1, 0, ..] => {}
        [0, b'a', b's', b'm', _, _, 0, 0, ..] => {
            return Err(ComponentError::Decode {
                path: file.to_path_buf(),
                message: "it is a core wasm module; build the guest for wasm32-wasip2 or run `wasm-tools component new` on it".to_string(),
            });
        }
        _ => {
            return Err(ComponentError::Decode {
                path: file.to_path_buf(),
                message: "it is not a wasm binary".to_string(),
            });
        }
    }
    let decoded = wit_component::decode(wasm).map_err(|e| ComponentError::Decode {
        path: file.to_path_buf(),
        message: format!("{e:#}"),
    })?;
    let (resolve, component_world) = match decoded {
        wit_component::DecodedWasm::Component(resolve, world) => (resolve, world),
        wit_component::DecodedWasm::WitPackage(..) => {
            return Err(ComponentError::WitPackage(file.to_path_buf()));
        }
    };

    // WASI imports the host world lacks: left out of the diff when wasmtime-wasi provides them.
    let host_imports: Vec<String> = host.worlds[world]
        .imports
        .keys()
        .map(|k| host.name_world_key(k))
        .collect();
    let wasi_keys: Vec<WorldKey> = if wasi {
        resolve.worlds[component_world]
            .imports
            .iter()
            .filter(|(key, item)| {
                matches!(item, WorldItem::Interface { id, .. } if is_wasi_p2(&resolve, *id))
                    && !host_imports.contains(&resolve.name_world_key(key))
            })
            .map(|(key, _)| key.clone())
            .collect()
    } else {
        Vec::new()
    };
    let mut trimmed = resolve.clone();
    trimmed.worlds[component_world]
        .imports
        .retain(|key, _| !wasi_keys.contains(key));
    let changes = diff_worlds_with(&trimmed, component_world, host, world, Wording::Component);

    // The validator sees the host world plus those WASI interfaces.
    let validator_error = if wasi_keys.is_empty() {
        wit_component::targets(host, world, wasm)
            .err()
            .map(|e| format!("{e:#}"))
    } else {
        match with_wasi(host, world, resolve.clone(), component_world, &wasi_keys) {
            Ok((r, w)) => wit_component::targets(&r, w, wasm)
                .err()
                .map(|e| format!("{e:#}")),
            // The component's view of a package disagrees with the host's: the diff says how.
            Err(_) => None,
        }
    };
    Ok(ComponentReport {
        file: file.to_path_buf(),
        component_world: world_name(&resolve, component_world),
        host_world: world_name(host, world),
        host_origin: host_origin.to_string(),
        wasi_imports: wasi_keys
            .iter()
            .map(|k| resolve.name_world_key(k))
            .collect(),
        changes,
        validator_error,
    })
}

/// An interface of a `wasi:*@0.2.x` package (what wasmtime-wasi's p2 linker provides).
fn is_wasi_p2(resolve: &Resolve, id: InterfaceId) -> bool {
    resolve.interfaces[id].package.is_some_and(|p| {
        let name = &resolve.packages[p].name;
        name.namespace == "wasi"
            && name
                .version
                .as_ref()
                .is_some_and(|v| v.major == 0 && v.minor == 2)
    })
}

/// A copy of `host` with a world that is `world` plus the component's WASI imports.
fn with_wasi(
    host: &Resolve,
    world: WorldId,
    component: Resolve,
    component_world: WorldId,
    wasi_keys: &[WorldKey],
) -> anyhow::Result<(Resolve, WorldId)> {
    let mut r = host.clone();
    let items: Vec<(WorldKey, WorldItem)> = wasi_keys
        .iter()
        .filter_map(|k| {
            component.worlds[component_world]
                .imports
                .get(k)
                .map(|i| (k.clone(), i.clone()))
        })
        .collect();
    let remap = r.merge(component)?;
    let mut w = r.worlds[world].clone();
    for (key, item) in items {
        if let (WorldKey::Interface(id), WorldItem::Interface { .. }) = (&key, &item) {
            let new_id = remap.interfaces[id.index()]
                .ok_or_else(|| anyhow::anyhow!("interface not merged"))?;
            w.imports.insert(
                WorldKey::Interface(new_id),
                WorldItem::Interface {
                    id: new_id,
                    stability: Default::default(),
                    external_id: None,
                    docs: Default::default(),
                    span: Default::default(),
                },
            );
        }
    }
    let id = r.worlds.alloc(w);
    Ok((r, id))
}

fn world_name(resolve: &Resolve, world: WorldId) -> String {
    let w = &resolve.worlds[world];
    match w.package {
        Some(p) => format!("{}/{}", resolve.packages[p].name, w.name),
        None => w.name.clone(),
    }
}

/// Reads the file and the host WIT, then checks.
pub fn check_file(
    file: &Path,
    wit: &WitSource,
    world: Option<&str>,
    wasi: bool,
) -> Result<ComponentReport, ComponentError> {
    let wasm = std::fs::read(file).map_err(|source| ComponentError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let host = WitPackage::load(wit)?;
    let world_name = world.or(crate::wit::default_world_name(wit));
    let world = host.select_world(world_name)?;
    check_component(file, &wasm, &host.resolve, world, &host.origin, wasi)
}

/// The report in rustc's layout: one `error:` per problem, one `note:` per harmless difference,
/// each with the host-side location, then a verdict.
pub fn render_report(r: &ComponentReport) -> String {
    let mut out = String::new();
    let mut item = |level: &str, c: &Change| {
        let _ = writeln!(out, "{level}: {}: {} ({})", c.path, c.message, c.label());
        if let Some(l) = &c.new {
            let _ = writeln!(out, "  --> {l} (host world)");
        }
    };
    for c in r.problems() {
        item("error", c);
    }
    for c in r.notes() {
        item("note", c);
    }
    if !r.wasi_imports.is_empty() {
        let _ = writeln!(
            out,
            "note: provided by wasmtime-wasi (`wasmtime_wasi::p2::add_to_linker_sync`), not by the world: {}",
            r.wasi_imports.join(", ")
        );
    }
    if let Some(e) = &r.validator_error {
        // A safety net: normally the diff has already said why.
        let head = if r.problems().next().is_some() {
            "note: the component-model validator agrees"
        } else {
            "error: the component-model validator rejects the component for this world"
        };
        let _ = writeln!(out, "{head}:\n{}", indent(e));
    }
    out
}

/// One line: the verdict.
pub fn render_summary(r: &ComponentReport) -> String {
    let problems = match r.problems().count() {
        0 => usize::from(r.validator_error.is_some()),
        n => n,
    };
    let notes = r.notes().count();
    let what = format!(
        "`{}` (world `{}`) against host world `{}` from {}",
        r.file.display(),
        r.component_world,
        r.host_world,
        r.host_origin
    );
    if problems == 0 {
        format!(
            "ok: {what}: the host satisfies every import and gets every export it expects ({notes} note{})",
            if notes == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{what}: {problems} problem{}: the component does not run on this host",
            if problems == 1 { "" } else { "s" }
        )
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// `airssys-lint component`'s arguments.
#[derive(Debug, clap::Parser)]
#[command(
    name = "airssys-lint component",
    about = "Check a built component against a host world: are its imports provided, and does it export what the host calls?",
    after_help = "The component's own WIT is decoded from the binary and compared with the host world.\nProblems (exit 1): an import the host does not provide, an export the host expects but the\ncomponent lacks, a type that differs. Notes: host imports the component does not use, extra\ncomponent exports, and WASI 0.2 imports, which the host provides through wasmtime-wasi\n(`wasmtime_wasi::p2::add_to_linker_sync`) unless --no-wasi.\n\nExamples:\n  airssys-lint component target/wasm32-wasip2/release/echo.wasm\n  airssys-lint component echo.wasm --wit host/wit --world runtime-host --format json\n\nExit codes: 0 compatible, 1 incompatible, 2 usage, unreadable file or bad WIT."
)]
pub struct ComponentArgs {
    /// The component (.wasm)
    #[arg(value_name = "FILE.wasm")]
    pub file: PathBuf,
    /// Host WIT package directory or file [default: the bundled airssys:core]
    #[arg(long, value_name = "DIR")]
    pub wit: Option<PathBuf>,
    /// Host world [default: runtime-host for the bundled package, else the only world]
    #[arg(long, value_name = "NAME")]
    pub world: Option<String>,
    /// Do not count WASI 0.2 imports as provided by the host (wasmtime-wasi)
    #[arg(long)]
    pub no_wasi: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Entry point for `airssys-lint component ...`; `args` starts with the subcommand name.
pub fn main<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::Parser;
    let args = match ComponentArgs::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let report = match check_file(
        &args.file,
        &WitSource::from_arg(args.wit.clone()),
        args.world.as_deref(),
        !args.no_wasi,
    ) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match args.format {
        Format::Human => {
            print!("{}", render_report(&report));
            if report.is_compatible() {
                println!("{}", render_summary(&report));
            } else {
                eprintln!("error: {}", render_summary(&report));
            }
        }
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    }
    ExitCode::from(if report.is_compatible() { 0 } else { 1 })
}
