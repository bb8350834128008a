//! Step 3 of a lint run: the files cargo compiles ([`read_tree`]), as [`SourceFile`]s and
//! problems to report.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::SourceFile;
use crate::discover::Package;
use crate::discover::file::{self, FileOutcome, Needles, Problem};
use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;
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
    };
    let mut unparsed: Vec<(PathBuf, usize, Option<Target>)> = Vec::new();
    for f in tree.files {
        match f.outcome {
            FileOutcome::NoNeedle => {
                if let Some(p) = f.package {
                    unparsed.push((f.path, p, f.target));
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
    let more = second_pass(&gathered.files, &unparsed, packages, max_size, display);
    gathered.files.extend(more);
    gathered.files.sort_by(|a, b| a.path.cmp(&b.path));
    gathered
}

/// Needles that only matter once the first pass has found the macros, looked for in the
/// reached files the prefilter skipped: a guest's renamed `export!` (`export_macro_name`),
/// and hand-written `func_wrap`/`func_new` registrations in a package with a `bindgen!`
/// world (`manual-func-wrap` compares them with that world; elsewhere they are ordinary
/// wasmtime code, and wasmtime's own repository has hundreds).
fn second_pass(
    files: &[SourceFile],
    unparsed: &[(PathBuf, usize, Option<Target>)],
    packages: &[Package],
    max_size: u64,
    display: &(dyn Fn(&Path) -> String + Sync),
) -> Vec<SourceFile> {
    let mut more = Vec::new();
    for (pi, package) in packages.iter().enumerate() {
        let macros = || {
            files
                .iter()
                .filter(|f| f.package == Some(pi))
                .flat_map(|f| f.facts.bindgen.iter())
        };
        let mut words: Vec<String> = Vec::new();
        if package.role == Role::Guest {
            words.extend(macros().filter_map(|b| b.args.export_macro_name.clone()));
        }
        if macros().any(|b| b.kind == MacroKind::Host) {
            words.extend(["func_wrap".to_string(), "func_new".to_string()]);
        }
        if words.is_empty() {
            continue;
        }
        let extra = Needles::from_words(&words);
        more.par_extend(unparsed.par_iter().filter(|(_, p, _)| *p == pi).filter_map(
            |(path, _, target)| match file::process_file(path, &extra, &package.names, max_size) {
                FileOutcome::Parsed { text, facts } => Some(SourceFile::new(
                    path.clone(),
                    Some(pi),
                    target.clone(),
                    text,
                    facts,
                    display,
                )),
                _ => None,
            },
        ));
    }
    more
}
