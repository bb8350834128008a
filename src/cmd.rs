//! The `airssys-gen` commands as library functions: load WIT, generate, write, report.
//! The binary only parses arguments and turns a [`Failure`] into an exit code.

use std::path::{Path, PathBuf};

use crate::files::{FileAction, FileSet, WriteError, WriteOptions};
use crate::scaffold::{self, ScaffoldError};
use crate::wit::{self, WitError, WitPackage, WitSource};

/// A failed command: the message to print after `error: ` and the process exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

/// Refused: existing files, or a check found differences.
pub const EXIT_REFUSED: u8 = 1;
/// Bad input: usage, unreadable or malformed WIT, unknown world, I/O.
pub const EXIT_BAD_INPUT: u8 = 2;

impl From<WitError> for Failure {
    fn from(e: WitError) -> Self {
        Failure {
            message: e.to_string(),
            code: EXIT_BAD_INPUT,
        }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        let code = match e {
            WriteError::Exists { .. } => EXIT_REFUSED,
            WriteError::Io { .. } => EXIT_BAD_INPUT,
        };
        Failure {
            message: e.to_string(),
            code,
        }
    }
}

impl From<ScaffoldError> for Failure {
    fn from(e: ScaffoldError) -> Self {
        Failure {
            message: e.to_string(),
            code: EXIT_BAD_INPUT,
        }
    }
}

pub struct HostRequest {
    pub wit: Option<PathBuf>,
    pub world: Option<String>,
    pub out: Option<PathBuf>,
    pub name: Option<String>,
    pub force: bool,
    pub dry_run: bool,
    /// `--async`; a world with an `async func` gets an async host either way.
    pub execution: scaffold::host::Execution,
}

pub struct GuestRequest {
    pub name: String,
    pub wit: Option<PathBuf>,
    pub world: Option<String>,
    pub out: Option<PathBuf>,
    pub force: bool,
    pub dry_run: bool,
    /// `@unstable` features to enable (`--features`, `--all-features`), written into the
    /// `generate!` call.
    pub features: wit::Features,
}

/// Loads the package with `features` and picks the world, applying the bundled package's
/// default world.
fn load(
    wit: Option<PathBuf>,
    world: Option<&str>,
    features: &wit::Features,
) -> Result<(WitSource, WitPackage, wit_parser::WorldId), Failure> {
    let source = WitSource::from_arg(wit);
    let package = WitPackage::load_with(&source, features)?;
    let world_name = world.or(wit::default_world_name(&source));
    let world = package.select_world(world_name)?;
    Ok((source, package, world))
}

/// The execution a host for `world` gets: the one asked for, or async when the world needs it
/// (said in a note).
fn execution_for(
    package: &WitPackage,
    world: wit_parser::WorldId,
    asked: scaffold::host::Execution,
) -> scaffold::host::Execution {
    let execution = scaffold::host::Execution::for_world(package, world, asked);
    if execution != asked
        && let Some(reason) = scaffold::host::Execution::async_reason(package, world)
    {
        eprintln!("note: the host is async (as with --async): {reason}");
    }
    execution
}

/// `airssys-gen host`.
pub fn host(req: HostRequest) -> Result<(), Failure> {
    // wasmtime 48's `bindgen!` parses with every `@unstable` feature on.
    let (_, package, world) = load(req.wit, req.world.as_deref(), &wit::Features::all())?;
    let world_name = package.resolve.worlds[world].name.clone();
    let out = req
        .out
        .unwrap_or_else(|| PathBuf::from(format!("{world_name}-host")));
    let name = match req.name {
        Some(name) => {
            scaffold::validate_crate_name(&name)?;
            name
        }
        None => scaffold::crate_name_from_dir(&out)?,
    };
    let execution = execution_for(&package, world, req.execution);
    let mut files = scaffold::host::generate(&package, world, &name, execution)?;
    if let Some(root) = scaffold::workspace::member_of(&out) {
        scaffold::host::without_dev_profile(&mut files);
        eprintln!(
            "note: cargo reads profiles from the workspace root only; for a faster first build of the host, add to {}:{}",
            root.display(),
            scaffold::host::DEV_PROFILE
        );
    }
    write_report(&files, &out, req.force, req.dry_run)?;
    if !req.dry_run {
        println!(
            "\nnext: fill in the todo!() stubs in {}/src/host/, then\n  cargo run --manifest-path {}/Cargo.toml -- path/to/component.wasm{}",
            out.display(),
            out.display(),
            // The HTTP server runner also takes the address to listen on.
            if scaffold::serve::serves_http(&package.resolve, world) {
                " --addr 127.0.0.1:8080"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// `airssys-gen guest new-component NAME`.
pub fn guest_new(req: GuestRequest) -> Result<(), Failure> {
    scaffold::validate_crate_name(&req.name)?;
    let (_, package, world) = load(req.wit, req.world.as_deref(), &req.features)?;
    let out = req.out.unwrap_or_else(|| PathBuf::from(&req.name));
    let files = scaffold::guest::generate_with(&package, world, &req.name, &req.features)?;
    write_report(&files, &out, req.force, req.dry_run)?;
    if !req.dry_run {
        println!(
            "\nnext: fill in the todo!() stubs in {}/src/lib.rs, then\n  cargo build --release --target wasm32-wasip2 --manifest-path {}/Cargo.toml",
            out.display(),
            out.display()
        );
    }
    Ok(())
}

/// `airssys-gen new NAME`.
pub struct NewRequest {
    pub name: String,
    pub wit: Option<PathBuf>,
    pub world: Option<String>,
    pub out: PathBuf,
    pub guests: Vec<String>,
    pub force: bool,
    pub dry_run: bool,
    pub execution: scaffold::host::Execution,
}

/// `airssys-gen new NAME`: the workspace, written like every other scaffold (nothing
/// overwritten without `--force`, nothing half-written).
pub fn new_project(req: NewRequest) -> Result<(), Failure> {
    let (_, package, world) = load(req.wit, req.world.as_deref(), &wit::Features::all())?;
    let execution = execution_for(&package, world, req.execution);
    let files = scaffold::project::generate(&scaffold::project::Project {
        name: &req.name,
        package: &package,
        world,
        guests: req.guests,
        execution,
    })?;
    write_report(&files, &req.out, req.force, req.dry_run)?;
    if !req.dry_run {
        println!(
            "\nnext: fill in the todo!() stubs in {dir}/host/src/host/ and {dir}/guests/*/src/lib.rs, then\n  cd {dir} && airssys-gen run",
            dir = req.out.display()
        );
    }
    Ok(())
}

/// `airssys-gen host --update` / `airssys-gen guest update`: which crate to bring up to date.
pub struct UpdateRequest {
    /// The crate; `None`: the current directory if it is a host crate, else the directory
    /// `airssys-gen host` would have written (`./<world>-host`). Guests always pass one.
    pub dir: Option<PathBuf>,
    /// Re-vendor the crate's `wit/` from this package first.
    pub wit: Option<PathBuf>,
    pub check: bool,
    pub dry_run: bool,
}

/// `airssys-gen host --update`.
pub fn host_update(req: UpdateRequest) -> Result<(), Failure> {
    let dir = match req.dir {
        Some(dir) => dir,
        None if scaffold::update::host::is_host_crate(Path::new(".")) => PathBuf::from("."),
        None => {
            let (_, package, world) = load(req.wit.clone(), None, &wit::Features::all())?;
            PathBuf::from(format!("{}-host", package.resolve.worlds[world].name))
        }
    };
    let opts = scaffold::update::UpdateOptions {
        dir,
        wit: req.wit,
        check: req.check,
        dry_run: req.dry_run,
    };
    let result = scaffold::update::host::update(&opts);
    if result.is_ok()
        && let Some(note) = scaffold::update::host::runner_note(&opts.dir)
    {
        eprintln!("{note}");
    }
    update_report(result, &opts)
}

/// `airssys-gen guest update [DIR]`.
pub fn guest_update(req: UpdateRequest) -> Result<(), Failure> {
    let opts = scaffold::update::UpdateOptions {
        dir: req.dir.unwrap_or_else(|| PathBuf::from(".")),
        wit: req.wit,
        check: req.check,
        dry_run: req.dry_run,
    };
    update_report(scaffold::update::guest::update(&opts), &opts)
}

/// Prints an update's report; exit 1 when `--check` finds it out of date or user code no
/// longer matches the WIT.
fn update_report(
    result: Result<scaffold::update::Report, scaffold::update::UpdateError>,
    opts: &scaffold::update::UpdateOptions,
) -> Result<(), Failure> {
    let report = result.map_err(|e| Failure {
        message: e.to_string(),
        code: EXIT_BAD_INPUT,
    })?;
    print!("{}", report.render(&opts.dir));
    if !report.problems.is_empty() {
        return Err(Failure {
            message: format!(
                "{} item(s) in {} no longer match the WIT (listed above); user code is never changed, so fix them by hand",
                report.problems.len(),
                opts.dir.display()
            ),
            code: EXIT_REFUSED,
        });
    }
    if opts.check && !report.up_to_date() {
        return Err(Failure {
            message: format!(
                "{} is out of date with its WIT; run the same command without --check to update it",
                opts.dir.display()
            ),
            code: EXIT_REFUSED,
        });
    }
    Ok(())
}

/// `airssys-gen wit sync [--check] [--canonical DIR] [PATH]`.
pub fn wit_sync(root: PathBuf, canonical: Option<PathBuf>, check: bool) -> Result<(), Failure> {
    use crate::sync;
    let opts = sync::SyncOptions {
        root,
        canonical,
        check,
    };
    let report = sync::run_sync(&opts).map_err(|e| Failure {
        message: e.to_string(),
        code: EXIT_BAD_INPUT,
    })?;
    print!("{}", sync::render_report(&report));
    let summary = sync::render_summary(&report);
    if report.check && report.has_drift() {
        return Err(Failure {
            message: summary,
            code: EXIT_REFUSED,
        });
    }
    println!("{summary}");
    Ok(())
}

/// `airssys-gen wit diff OLD NEW [--format json] [--check]`.
pub fn wit_diff(old: &str, new: &str, json: bool, check: bool) -> Result<(), Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure {
        message: format!("cannot read the current directory: {e}"),
        code: EXIT_BAD_INPUT,
    })?;
    let report = crate::witdiff::run(old, new, &cwd).map_err(|message| Failure {
        message,
        code: EXIT_BAD_INPUT,
    })?;
    if json {
        println!("{}", crate::witdiff::render_json(&report));
    } else {
        print!("{}", crate::witdiff::render_text(&report));
    }
    if check && !report.verdict.ok {
        let driving = crate::witdiff::driving_changes(&report);
        let mut message = report.verdict.message.clone();
        if !driving.is_empty() {
            let shown: Vec<String> = driving
                .iter()
                .take(5)
                .map(|c| format!("`{}`", c.change.path))
                .collect();
            let more = driving.len().saturating_sub(5);
            message.push_str(&format!("; required by {}", shown.join(", ")));
            if more > 0 {
                message.push_str(&format!(" and {more} more"));
            }
        }
        return Err(Failure {
            message,
            code: EXIT_REFUSED,
        });
    }
    Ok(())
}

/// `airssys-gen hook install [--force]`.
pub fn hook_install(force: bool) -> Result<(), Failure> {
    use crate::hook;
    let opts = hook::HookOptions {
        dir: PathBuf::from("."),
        force,
    };
    match hook::install(&opts) {
        Ok(outcome) => {
            println!("{}", outcome.message());
            Ok(())
        }
        Err(e @ hook::HookError::Exists(_)) => Err(Failure {
            message: e.to_string(),
            code: EXIT_REFUSED,
        }),
        Err(e) => Err(Failure {
            message: e.to_string(),
            code: EXIT_BAD_INPUT,
        }),
    }
}

/// Writes (or, dry-run, plans) the files and prints one line per file.
fn write_report(files: &FileSet, out: &Path, force: bool, dry_run: bool) -> Result<(), Failure> {
    // Plan the workspace edit first: a manifest we cannot parse stops us before any write.
    let member = scaffold::workspace::member_edit(out).map_err(|message| Failure {
        message,
        code: EXIT_BAD_INPUT,
    })?;
    let plan = files.write(out, WriteOptions { force, dry_run })?;
    if let Some(edit) = member {
        if !dry_run {
            crate::files::write_atomic(&edit.manifest, edit.contents.as_bytes())?;
        }
        let verb = if dry_run { "would add" } else { "added" };
        println!(
            "{verb} `{}` as a member of the workspace at `{}`",
            edit.member,
            edit.manifest.display()
        );
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    let changed = plan
        .iter()
        .filter(|(_, a)| *a != FileAction::Unchanged)
        .count();
    for (path, action) in &plan {
        println!("{:>9}  {}", action.label(), out.join(path).display());
    }
    println!(
        "{verb} {changed} of {} file(s) in {}",
        plan.len(),
        out.display()
    );
    Ok(())
}
