//! Step 3 of a lint run: the files cargo compiles ([`read_tree`]), as [`SourceFile`]s and
//! problems to report; and, once the WIT is loaded, the [`second_pass`] over the files
//! whose words matter only then.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::wit_info::world_info;
use super::{Context, SourceFile};
use crate::discover::Package;
use crate::discover::file::{self, FileOutcome, Needles, Problem};
use crate::discover::manifest::Role;
use crate::discover::syntax::Registrations;
use crate::discover::targets::Target;
use crate::discover::tree::read_tree;

/// A file that could not be looked into.
pub(super) struct FileProblem {
    pub path: PathBuf,
    pub kind: Problem,
    pub message: String,
    pub text: Option<Arc<str>>,
    pub range: Option<std::ops::Range<usize>>,
}

pub(super) struct Gathered {
    pub files: Vec<SourceFile>,
    pub problems: Vec<FileProblem>,
    /// Files inside a package that no target of it reaches.
    pub unreached: usize,
    /// Reached files of packages that the first pass did not parse.
    pub unparsed: Vec<Unparsed>,
}

pub(super) fn gather(
    rust_files: &[PathBuf],
    packages: &[Package],
    max_size: u64,
    display: &(dyn Fn(&Path) -> String + Sync),
) -> Gathered {
    let needles: Vec<Needles> = packages.iter().map(Needles::for_package).collect();
    let tree = read_tree(
        rust_files,
        packages,
        &needles,
        &Needles::default_set(),
        max_size,
    );
    // For benchmarks: `AIRSSYS_LINT_TIMINGS=1` prints the slowest files to stderr.
    if std::env::var_os("AIRSSYS_LINT_TIMINGS").is_some() {
        for (took, path) in &tree.slowest {
            eprintln!(
                "timing: {:>8.2} ms  {}",
                took.as_secs_f64() * 1e3,
                display(path)
            );
        }
    }
    let mut gathered = Gathered {
        files: Vec::new(),
        problems: Vec::new(),
        unreached: tree.unreached,
        unparsed: Vec::new(),
    };
    for f in tree.files {
        match f.outcome {
            FileOutcome::NoNeedle { later } => {
                if let Some(package) = f.package {
                    gathered.unparsed.push(Unparsed {
                        path: f.path,
                        package,
                        target: f.target,
                        later,
                    });
                }
            }
            FileOutcome::Parsed { text, facts } => gathered.files.push(SourceFile::new(
                f.path, f.package, f.target, text, facts, display,
            )),
            FileOutcome::Problem {
                kind,
                message,
                text,
                range,
            } => gathered.problems.push(FileProblem {
                path: f.path,
                kind,
                message,
                text,
                range,
            }),
        }
    }
    gathered.files.sort_by(|a, b| a.path.cmp(&b.path));
    gathered
}

/// A reached file the first pass did not parse.
pub(super) struct Unparsed {
    path: PathBuf,
    package: usize,
    target: Option<Target>,
    /// It names a registration method ([`file::REGISTRATION_WORDS`]).
    later: bool,
}

/// The functions the `bindgen!` worlds of each package import (root functions and those of
/// imported interfaces): the only names a hand-written registration can be reported for.
/// `None` for a package without a host world that resolved.
pub(super) fn imported_functions(cx: &Context<'_>) -> Vec<Option<Vec<String>>> {
    (0..cx.packages.len())
        .map(|pi| {
            let mut names: Option<Vec<String>> = None;
            for (_, _, package, world) in cx.host_worlds(pi) {
                let info = world_info(package, world);
                let list = names.get_or_insert_with(Vec::new);
                list.extend(info.root_functions);
                list.extend(info.imports.into_iter().flat_map(|(_, funcs)| funcs));
            }
            if let Some(list) = names.as_mut() {
                list.sort();
                list.dedup();
            }
            names
        })
        .collect()
}

/// Files that matter only once the first pass has found the macros and their WIT is loaded,
/// among the reached files the prefilter skipped: a guest's renamed `export!`
/// (`export_macro_name`, in any file), and hand-written registrations of the functions a
/// package's `bindgen!` worlds import (`imported`, from [`imported_functions`]; only files
/// the first pass saw naming a registration method). Elsewhere `func_wrap` is ordinary
/// wasmtime code, and wasmtime's own repository has hundreds: items registering other
/// names are not even parsed.
pub(super) fn second_pass(
    files: &[SourceFile],
    unparsed: &[Unparsed],
    packages: &[Package],
    imported: &[Option<Vec<String>>],
    max_size: u64,
    display: &(dyn Fn(&Path) -> String + Sync),
) -> Vec<SourceFile> {
    // What to look for in each package, then one parallel pass over the candidates.
    let plans: Vec<Option<(Needles, bool, Registrations<'_>)>> = packages
        .iter()
        .enumerate()
        .map(|(pi, package)| {
            let mut words: Vec<String> = Vec::new();
            if package.role == Role::Guest {
                words.extend(
                    files
                        .iter()
                        .filter(|f| f.package == Some(pi))
                        .flat_map(|f| f.facts.bindgen.iter())
                        .filter_map(|b| b.args.export_macro_name.clone()),
                );
            }
            // Renamed `export!`s can be in any file; registrations only where the first
            // pass saw them.
            let any_file = !words.is_empty();
            let funcs = imported[pi].as_deref();
            if funcs.is_some() {
                words.extend(file::REGISTRATION_WORDS.map(String::from));
            }
            let registrations = funcs.map_or(Registrations::All, Registrations::Named);
            (!words.is_empty()).then(|| (Needles::from_words(&words), any_file, registrations))
        })
        .collect();
    unparsed
        .par_iter()
        .filter_map(|u| {
            let (needles, any_file, registrations) = plans[u.package].as_ref()?;
            if !(*any_file || u.later) {
                return None;
            }
            let names = &packages[u.package].names;
            match file::process_file(&u.path, needles, names, *registrations, max_size) {
                FileOutcome::Parsed { text, facts } => Some(SourceFile::new(
                    u.path.clone(),
                    Some(u.package),
                    u.target.clone(),
                    text,
                    facts,
                    display,
                )),
                _ => None,
            }
        })
        .collect()
}
