//! Keeping a generated crate current: `airssys-gen host --update` and `airssys-gen guest update`.
//!
//! The crate's vendored `wit/` is the source of truth (re-vendored first from `--wit DIR` when
//! given). From it we run the same generator that wrote the crate and get the files it would
//! write today: the *expected* files. The engine then compares, per trait impl, what the
//! expected files contain with what the user's files contain, both parsed with `syn` (with
//! proc-macro2's `span-locations`, so every item has a line and column that we turn into byte
//! offsets):
//!
//! - a method (or associated type) the expected impl has and the user's impl lacks is copied
//!   from the expected file, byte for byte as the generator formats it, and inserted just
//!   before the user's closing brace;
//! - a whole impl the user lacks (a new resource, a new exported interface) is appended after
//!   the user's last impl, with the items it needs (the resource struct, `struct Component`);
//! - a file the user lacks (a new imported interface) is written whole, and the missing
//!   `pub mod` line added to `src/host/mod.rs` (or `src/host.rs`);
//! - new impls and files are for the user's type where the user renamed the generator's
//!   (`HostState`) in every impl;
//! - every name an inserted stub mentions is imported the way the expected file imports it,
//!   unless the user's file already has it; if the user's file gives that name to something
//!   else, the stub spells the path out instead;
//! - a method whose signature differs from the generated trait, or that the trait no longer
//!   has, and an impl of a trait that no longer exists, are *problems*: reported with
//!   `file:line:col` and the new signature, never edited.
//!
//! Edits are insertions only: every byte of the user's files outside the inserted text stays
//! as it was. Impls are matched by the trait path they implement, resolved through the file's
//! `use` items (globs and `super::` followed into the crate's other files), so impls the user
//! moved to another file of the crate are still found.
//! Signatures are compared by the last segment of each type path (`Resource<Blob>` and
//! `wasmtime::component::Resource<Blob>` agree) with lifetimes ignored: a changed type or
//! parameter list is caught, a differently spelled path to the same type is not reported.
//!
//! The engine is generic over the side: [`host`] and [`guest`] only say where the scaffold's
//! world is named, which files the generator owns, and which trait paths belong to the
//! bindings. Their own extras: for hosts, missing `with:` entries (new resources, newly
//! imported WASI) and `require_store_data_send` are added to `bindgen!`, stale `with:` entries
//! reported, and the runner's `add_to_linker` calls checked against the ones the generator
//! would write now (reported, since the runner is user code); for guests, `generate_all` is
//! added when the world starts importing from `deps/`. Inserted text follows the file's line
//! endings.
//!
//! A crate whose macro call uses options that change the generated traits (trappable errors,
//! tracing) is refused: our generator run would not see them, and every signature would look
//! changed. The options airssys-gen itself writes are read back instead: a host's
//! `imports: { default: async }` makes the update generate async stubs.
//!
//! Not handled: the runner's calls of exports (a changed export signature shows up as a compile
//! error in `src/main.rs`), the guest's comment listing imports, and impls nested inside inline
//! modules (only top-level items of each file are read; when a file's inline module holds an impl
//! the WIT needs, that is reported instead of adding a second impl).

pub mod guest;
pub mod host;
mod parsed;
mod plan;
mod reconcile;
#[cfg(test)]
mod tests;
mod vendor;

pub(crate) use parsed::*;
pub(crate) use plan::*;
use reconcile::*;
use vendor::*;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use proc_macro2::{LineColumn, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;

use super::ScaffoldError;
use crate::files::WriteError;
use crate::wit::{Features, WitError, WitPackage, WitSource};

/// What `--update` was asked to do.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The generated crate.
    pub dir: PathBuf,
    /// Re-vendor the crate's `wit/` from this package first.
    pub wit: Option<PathBuf>,
    /// Write nothing; the caller exits 1 when anything is out of date.
    pub check: bool,
    /// Write nothing; render the edits as a unified diff.
    pub dry_run: bool,
}

/// Why an update could not even be planned (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error(transparent)]
    Wit(#[from] WitError),
    #[error(transparent)]
    Scaffold(#[from] ScaffoldError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("`{}` is not a {side} crate generated by airssys-gen: {reason}", .dir.display())]
    NotAScaffold {
        dir: PathBuf,
        side: &'static str,
        reason: String,
    },
    #[error(
        "{}: the `{mac}!` option `{option}` changes the generated traits, and --update only knows the options airssys-gen writes; update this crate by hand",
        .path.display()
    )]
    UnsupportedOption {
        path: PathBuf,
        mac: &'static str,
        option: String,
    },
    #[error("cannot parse {}:{line}:{column}: {message}", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One change the update makes (or, with `--check`/`--dry-run`, would make).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Crate-relative path of the file changed.
    pub path: PathBuf,
    /// What changes, e.g. "add stub `Host::count` (`acme:kv/store.count`)".
    pub what: String,
}

/// User code that no longer matches the WIT. Never edited; the user has to act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub message: String,
}

/// The outcome of an update.
#[derive(Debug, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    pub problems: Vec<Problem>,
    /// Unified diff of every changed file, when `dry_run`.
    pub diff: Option<String>,
    /// Whether files were written.
    pub written: bool,
}

impl Report {
    pub fn up_to_date(&self) -> bool {
        self.changes.is_empty()
    }

    /// The report as printed: one line per change, then one block per problem.
    pub fn render(&self, dir: &Path) -> String {
        let mut out = String::new();
        if let Some(diff) = &self.diff {
            out.push_str(diff);
        }
        let verb = if self.written { "" } else { "would " };
        for c in &self.changes {
            out.push_str(&format!(
                "{}: {verb}{}\n",
                dir.join(&c.path).display(),
                c.what
            ));
        }
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        for p in problems {
            out.push_str(&format!(
                "error: {}:{}:{}: {}\n",
                dir.join(&p.path).display(),
                p.line,
                p.column,
                p.message
            ));
        }
        let files: BTreeSet<&PathBuf> = self.changes.iter().map(|c| &c.path).collect();
        if self.changes.is_empty() {
            out.push_str(&format!("{} is up to date with its WIT", dir.display()));
        } else {
            out.push_str(&format!(
                "{}{} change(s) in {} file(s) of {}",
                if self.written {
                    "made "
                } else {
                    "out of date: "
                },
                self.changes.len(),
                files.len(),
                dir.display()
            ));
        }
        if !self.problems.is_empty() {
            out.push_str(&format!(
                "; {} item(s) no longer match the WIT and need your attention",
                self.problems.len()
            ));
        }
        out.push('\n');
        out
    }
}

/// What a crate's macro call says about how its bindings are generated.
pub(crate) struct MacroSettings {
    /// The `@unstable` features the macro parses its WIT with.
    pub features: Features,
    /// Hosts: sync or async traits (`imports: { default: async }`). Guests: always `Sync`.
    pub execution: crate::scaffold::host::Execution,
}

/// What differs between host and guest crates.
pub(crate) trait Side {
    const NAME: &'static str;
    /// The file whose bindgen macro names the world (`src/bindings.rs`, `src/lib.rs`).
    const MACRO_FILE: &'static str;
    /// The macro's name (`bindgen`, `generate`).
    const MACRO: &'static str;
    /// Macro options that leave the generated traits as our generator sees them. Any other
    /// (`trappable_error_type`, `imports: { default: tracing }`, ...) would make every
    /// signature look changed, so the update refuses instead.
    const OPTIONS: &'static [&'static str];
    /// The first option of the macro call that [`Self::OPTIONS`] does not allow (or allows
    /// only with the values airssys-gen writes).
    fn unsupported_option(mac: &syn::Macro) -> Option<String> {
        macro_options(mac)
            .into_iter()
            .find(|o| !Self::OPTIONS.contains(&o.as_str()))
    }
    /// What the macro call says about how to generate: its `@unstable` features, async-ness.
    fn settings(mac: Option<&syn::Macro>) -> MacroSettings;
    /// The files the generator writes today that hold stubs, crate-relative path -> text.
    fn expected(
        package: &WitPackage,
        world: wit_parser::WorldId,
        settings: &MacroSettings,
    ) -> Result<BTreeMap<PathBuf, String>, UpdateError>;
    /// Is this trait path (crate-relative, `crate::` stripped) one the bindings define?
    fn is_bindings(path: &[String]) -> bool;
    /// Side-specific edits to the macro file (e.g. `with:` entries).
    fn macro_edits(
        package: &WitPackage,
        world: wit_parser::WorldId,
        settings: &MacroSettings,
        expected: &BTreeMap<PathBuf, Parsed>,
        macro_file: &Parsed,
        plan: &mut Plan,
    ) -> Result<(), UpdateError>;
    /// Side-specific checks of user files the generator does not own (reported, not edited).
    fn checks(
        _package: &WitPackage,
        _world: wit_parser::WorldId,
        _settings: &MacroSettings,
        _user: &BTreeMap<PathBuf, Parsed>,
        _plan: &mut Plan,
    ) -> Result<(), UpdateError> {
        Ok(())
    }
}

/// Runs an update for one side.
pub(crate) fn run<S: Side>(opts: &UpdateOptions) -> Result<Report, UpdateError> {
    let dir = &opts.dir;
    let not_scaffold = |reason: String| UpdateError::NotAScaffold {
        dir: dir.clone(),
        side: S::NAME,
        reason,
    };
    if !dir.is_dir() {
        return Err(not_scaffold("the directory does not exist".to_string()));
    }
    let macro_path = PathBuf::from(S::MACRO_FILE);
    let macro_text = match std::fs::read_to_string(dir.join(&macro_path)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(not_scaffold(format!("{} not found", S::MACRO_FILE)));
        }
        Err(source) => {
            return Err(UpdateError::Io {
                path: dir.join(&macro_path),
                source,
            });
        }
    };
    let macro_file = parse_user(dir, macro_path, macro_text)?;
    let world_id = macro_world(&macro_file, S::MACRO).ok_or_else(|| {
        not_scaffold(format!(
            "no `{}!` call with a `world:` in {}",
            S::MACRO,
            S::MACRO_FILE
        ))
    })?;

    if let Some(mac) = find_macro(&macro_file, S::MACRO)
        && let Some(option) = S::unsupported_option(mac)
    {
        return Err(UpdateError::UnsupportedOption {
            path: dir.join(S::MACRO_FILE),
            mac: S::MACRO,
            option,
        });
    }

    let settings = S::settings(find_macro(&macro_file, S::MACRO));
    let mut plan = Plan {
        dir: Some(dir.clone()),
        ..Plan::default()
    };
    // The macro's `path:` (`wit` as generated; `../wit` in an `airssys-gen new` workspace,
    // where every crate reads the workspace's one copy).
    let wit_dir = macro_string(&macro_file, S::MACRO, "path").unwrap_or_else(|| "wit".into());
    let package = vendor(
        dir,
        Path::new(&wit_dir),
        opts.wit.as_deref(),
        &mut plan,
        &settings.features,
    )?;
    let world = package.select_world(Some(&world_id))?;

    let mut expected = BTreeMap::new();
    for (rel, text) in S::expected(&package, world, &settings)? {
        expected.insert(rel.clone(), Parsed::parse(rel, text)?);
    }
    let mut user = read_user_files(dir)?;
    import_globbed(&mut user, &expected);
    reconcile::<S>(&expected, &user, &mut plan);
    let macro_file = user.get(Path::new(S::MACRO_FILE)).unwrap_or(&macro_file);
    S::macro_edits(&package, world, &settings, &expected, macro_file, &mut plan)?;
    S::checks(&package, world, &settings, &user, &mut plan)?;
    plan.finish(dir, &user, opts)
}
