//! `airssys-lint`: rules that catch bindgen misuse in host and guest crates.
//!
//! The driver ([`run`]) walks each root (honouring `.gitignore`, skipping `target/`),
//! reads every `Cargo.toml` into a [`manifest::Manifest`] and classifies packages as host or
//! guest, then reads `.rs` files in parallel and keeps those a cargo target reaches
//! (`gather`, over [`crate::discover::tree`]). A cheap byte search for a few needles decides
//! which files are worth a syn parse; [`syntax::extract`] turns a parsed file into facts.
//! WIT directories named by bindgen macros are loaded once per way a macro parses them
//! (features, `path: [..]` order); [`unchecked`] tells WIT that a fetch tool or an old
//! pinned dialect explains from a real problem. Finally every enabled
//! [`Rule`] looks at the whole model and emits [`Diagnostic`]s, which are filtered by
//! suppression comments and ignore globs, given their configured level, and sorted.
//!
//! Adding a rule: one file in `rules/` implementing [`Rule`], one line in
//! [`rules::RULES`].

pub mod config;
mod gather;
pub mod rules;
pub mod suppress;
pub mod unchecked;
pub mod wit_info;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Label, Level, RuleDescriptor, SourceMap, Span};
use crate::discover::file::Problem;
use crate::discover::manifest::{self, Manifest, Role};
use crate::discover::syntax::{self, FileFacts};
use crate::discover::targets::Target;
use crate::discover::{Package, walk};
use config::{Config, ConfigError, RuleLevel};
use wit_info::WitCache;

/// Static description of a rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// Kebab-case id.
    pub id: &'static str,
    pub default_level: RuleLevel,
    /// One line, lowercase, no trailing period.
    pub summary: &'static str,
    /// Markdown in clippy's shape: `### What it does`, `### Why is this bad`, `### Example`,
    /// `### Use instead`.
    pub docs: &'static str,
}

impl RuleInfo {
    /// The "What it does" paragraph, for SARIF's `fullDescription`.
    pub fn description(&self) -> &'static str {
        let docs = self.docs;
        let Some(start) = docs.find("### What it does") else {
            return self.summary;
        };
        let body = &docs[start + "### What it does".len()..];
        let end = body.find("###").unwrap_or(body.len());
        body[..end].trim()
    }

    pub fn descriptor(&self) -> RuleDescriptor {
        RuleDescriptor {
            id: self.id,
            default_level: self.default_level.sarif(),
            summary: self.summary,
            description: self.description(),
        }
    }
}

/// A lint rule. Rules are stateless; all they see is the [`Context`].
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    fn check(&self, cx: &Context<'_>, sink: &mut Sink);
}

/// Collects one rule's findings.
pub struct Sink {
    rule: &'static str,
    level: Level,
    findings: Vec<Finding>,
    sources: Vec<(String, Arc<str>)>,
}

/// A diagnostic plus the lines whose comments may suppress it.
pub struct Finding {
    pub diagnostic: Diagnostic,
    /// Start lines (1-based) of the enclosing items/statements in the primary file.
    pub anchors: Vec<usize>,
}

impl Sink {
    fn new(rule: &'static str, level: Level) -> Sink {
        Sink {
            rule,
            level,
            findings: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// A new diagnostic of this rule at its configured level.
    pub fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule, self.level, message)
    }

    pub fn emit(&mut self, diagnostic: Diagnostic) {
        self.emit_anchored(diagnostic, &[]);
    }

    /// Registers the text of a file a label points into (WIT files, ...) for rendering.
    pub fn source(&mut self, display: String, text: Arc<str>) {
        self.sources.push((display, text));
    }

    pub fn emit_anchored(&mut self, diagnostic: Diagnostic, anchors: &[usize]) {
        self.findings.push(Finding {
            diagnostic,
            anchors: anchors.to_vec(),
        });
    }
}

/// A Rust file that was parsed.
pub struct SourceFile {
    pub path: PathBuf,
    pub display: String,
    pub package: Option<usize>,
    /// The cargo target whose module tree holds the file (`None` outside a package, or in
    /// a package in which cargo finds no target).
    pub target: Option<Target>,
    /// Part of the package's lib/bins (not a test, bench, example or build script).
    pub main_target: bool,
    pub text: Arc<str>,
    pub facts: FileFacts,
}

impl SourceFile {
    pub(crate) fn new(
        path: PathBuf,
        package: Option<usize>,
        target: Option<Target>,
        text: Arc<str>,
        facts: FileFacts,
        display: &dyn Fn(&Path) -> String,
    ) -> SourceFile {
        SourceFile {
            display: display(&path),
            main_target: target.as_ref().is_none_or(|t| t.kind.is_main()),
            target,
            path,
            package,
            text,
            facts,
        }
    }

    pub fn label(&self, range: std::ops::Range<usize>) -> Label {
        Label::at(self.display.clone(), &self.text, range)
    }
}

/// Everything rules can look at.
pub struct Context<'a> {
    pub packages: &'a [Package],
    /// Every manifest read (packages and virtual workspace roots).
    pub manifests: &'a [Arc<Manifest>],
    pub files: &'a [SourceFile],
    pub wit: &'a WitCache,
    /// Turns any path into a display path.
    pub display: &'a (dyn Fn(&Path) -> String + Sync),
    /// Enabled rules (so expensive shared work can be skipped).
    pub enabled: &'a (dyn Fn(&str) -> bool + Sync),
    /// WIT that failed to load for a reason that is not a finding.
    pub unchecked: &'a unchecked::UncheckedWit,
    /// `--wit-baseline REV` and the directory git runs in, for `wit-version-bump`.
    pub wit_baseline: Option<(&'a str, &'a Path)>,
}

impl Context<'_> {
    pub fn package_files(&self, package: usize) -> impl Iterator<Item = &SourceFile> {
        self.packages[package].files.iter().map(|&i| &self.files[i])
    }

    /// Reads a file for labels (WIT files, ...); lossy so it never fails on bad UTF-8.
    pub fn read_text(&self, path: &Path) -> Option<Arc<str>> {
        let bytes = std::fs::read(path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into())
    }
}

/// What to lint and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Roots; `.` when empty.
    pub paths: Vec<PathBuf>,
    /// `--config FILE`, overriding discovery.
    pub config: Option<PathBuf>,
    /// Files larger than this are skipped with a note.
    pub max_file_size: u64,
    /// Display paths are relative to this directory (default: the working directory).
    pub display_base: Option<PathBuf>,
    /// `--wit-baseline REV`: the git revision `wit-version-bump` compares WIT packages with.
    pub wit_baseline: Option<String>,
    /// The directory git runs in for `--wit-baseline` (default: the working directory).
    pub git_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            paths: Vec::new(),
            config: None,
            max_file_size: 8 * 1024 * 1024,
            display_base: None,
            wit_baseline: None,
            git_dir: None,
        }
    }
}

/// Failures that stop the run (exit code 2). Findings are never errors.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("path `{0}` does not exist")]
    NotFound(PathBuf),
    #[error("--wit-baseline `{rev}`: {message}")]
    Baseline { rev: String, message: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Counters for the JSON `stats` object.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Stats {
    pub packages: usize,
    /// `.rs` files found.
    pub files: usize,
    /// `.rs` files that passed the byte prefilter and were parsed.
    pub parsed: usize,
    /// `.rs` files inside a package that none of its cargo targets reaches (not linted).
    pub unreached: usize,
}

/// The result of a run.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub stats: Stats,
}

/// Ids of every rule plus the reserved ones, for config validation.
pub fn known_rule_ids() -> Vec<&'static str> {
    rules::RULES
        .iter()
        .map(|r| r.info().id)
        .chain(rules::RESERVED.iter().map(|(id, _)| *id))
        .collect()
}

/// Looks a rule up by id.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    rules::RULES.iter().copied().find(|r| r.info().id == id)
}

/// `--wit-baseline REV` must name a commit of the repository the lint runs in.
fn check_baseline(rev: &str, cwd: &Path) -> Result<(), LintError> {
    let out = std::process::Command::new("git")
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .current_dir(cwd)
        .output()
        .map_err(|e| LintError::Baseline {
            rev: rev.to_string(),
            message: format!("cannot run git: {e}"),
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(LintError::Baseline {
            rev: rev.to_string(),
            message: "not a commit of the git repository here".to_string(),
        })
    }
}

/// Lints every root and returns the findings, sorted and deduplicated.
pub fn run(options: &Options) -> Result<Report, LintError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let base = manifest::absolute(options.display_base.as_deref().unwrap_or(&cwd));
    let roots: Vec<PathBuf> = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    // Resolved once: every root's `wit-version-bump` runs git there.
    let options = &Options {
        git_dir: Some(options.git_dir.clone().unwrap_or_else(|| cwd.clone())),
        ..options.clone()
    };
    if let (Some(rev), Some(git_dir)) = (&options.wit_baseline, &options.git_dir) {
        check_baseline(rev, git_dir)?;
    }
    let known = known_rule_ids();
    let explicit = match &options.config {
        Some(path) => Some(Config::load_file(path, &known)?),
        None => None,
    };

    let mut report = Report {
        diagnostics: Vec::new(),
        sources: SourceMap::new(),
        stats: Stats::default(),
    };
    for root in roots {
        let abs = manifest::absolute(&root);
        if std::fs::symlink_metadata(&abs).is_err() {
            return Err(LintError::NotFound(root));
        }
        let mut config = match &explicit {
            Some(c) => c.clone(),
            None => Config::discover(&abs, &known)?,
        };
        config.base = manifest::absolute(&config.base);
        lint_root(&abs, &config, options, &base, &mut report);
    }
    report.diagnostics.sort_by_cached_key(Diagnostic::sort_key);
    report.diagnostics.dedup();
    report.sources.load_missing(&report.diagnostics);
    Ok(report)
}

/// Each package's files, as indices into `files`.
fn index_files(files: &[SourceFile], packages: &mut [Package]) {
    for p in packages.iter_mut() {
        p.files.clear();
    }
    for (i, f) in files.iter().enumerate() {
        if let Some(p) = f.package {
            packages[p].files.push(i);
        }
    }
}

fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".to_string() } else { s }
}

fn lint_root(root: &Path, config: &Config, options: &Options, base: &Path, report: &mut Report) {
    let display = |p: &Path| display_path(p, base);
    let level_of = |info: &RuleInfo| config.level(info.id, info.default_level);
    let enabled =
        |id: &str| find_rule(id).is_some_and(|r| level_of(r.info()).diag_level().is_some());
    let mut findings: Vec<Finding> = Vec::new();
    let mut driver_sink = |rule: &'static RuleInfo, diagnostic: Diagnostic| {
        if let Some(level) = level_of(rule).diag_level() {
            let mut d = diagnostic;
            d.level = level;
            findings.push(Finding {
                diagnostic: d,
                anchors: Vec::new(),
            });
        }
    };

    // `AIRSSYS_LINT_TIMINGS=1`: each step's wall time on stderr, for benchmarks.
    let timings = std::env::var_os("AIRSSYS_LINT_TIMINGS").is_some();
    let mut last = std::time::Instant::now();
    let mut step = |name: &str| {
        if timings {
            eprintln!(
                "timing: {:>8.2} ms  step: {name}",
                last.elapsed().as_secs_f64() * 1e3
            );
        }
        last = std::time::Instant::now();
    };

    // 1. Walk.
    let walked = walk::walk(root, config);
    for (path, error) in &walked.errors {
        let message = format!("skipped: {}", walk::error_message(error));
        let d = Diagnostic::new(rules::skipped_file::INFO.id, Level::Note, message);
        let d = match path {
            Some(p) => d.primary(Label::file(display(p))),
            None => d,
        };
        driver_sink(&rules::skipped_file::INFO, d);
    }

    step("walk");
    // 2. Manifests, the package enclosing the root, workspace inheritance.
    // A root with no manifest below it (`airssys-lint crate/src`) is linted as part of the
    // package it sits in; that manifest is context only.
    let mut manifest_paths = walked.manifests.clone();
    let enclosing = if manifest_paths.is_empty() {
        walk::enclosing_manifest(root)
    } else {
        None
    };
    manifest_paths.extend(enclosing.clone());
    let parsed: Vec<(PathBuf, Result<Manifest, Box<ManifestFailure>>)> = manifest_paths
        .par_iter()
        .map(|path| (path.clone(), read_manifest(path, &display)))
        .collect();
    let mut manifests: Vec<Arc<Manifest>> = Vec::new();
    for (_, result) in parsed {
        match result {
            Ok(mut m) => {
                m.context_only = enclosing.as_ref() == Some(&m.path);
                manifests.push(Arc::new(m));
            }
            Err(failure) => {
                let (d, text) = *failure;
                let info = if d.rule == rules::parse_error::INFO.id {
                    &rules::parse_error::INFO
                } else {
                    &rules::skipped_file::INFO
                };
                if let (Some(p), Some(text)) = (&d.primary, text) {
                    report.sources.insert(p.file.clone(), text);
                }
                driver_sink(info, d);
            }
        }
    }
    manifests.sort_by(|a, b| a.path.cmp(&b.path));
    manifest::inherit_workspace_deps(&mut manifests);
    let mut packages: Vec<Package> = manifests
        .iter()
        .filter(|m| m.package_name.is_some())
        .map(|m| Package::new(m.clone()))
        .collect();
    for m in &manifests {
        report.sources.insert(m.display.clone(), m.text.clone());
    }

    step("manifests");
    // 3. Files cargo compiles: read, prefilter, parse. Meanwhile every package's `wit/`
    // directory is parsed: the version rule loads those of hosts and guests whatever the
    // files hold, and `wit/` is where macros read WIT by default and most often by path
    // (spin's crates all read the root package's). One no macro reads costs its parse only.
    report.stats.packages += packages.len();
    report.stats.files += walked.rust_files.len();
    let wit_dirs: Vec<(PathBuf, Role)> = packages
        .iter()
        .map(|p| (p.root().join("wit"), p.role))
        .filter(|(d, _)| d.is_dir())
        .collect();
    let version_dirs: Vec<PathBuf> = if enabled(rules::unversioned_wit_package::INFO.id) {
        wit_dirs
            .iter()
            .filter(|(_, role)| *role != Role::Other)
            .map(|(d, _)| d.clone())
            .collect()
    } else {
        Vec::new()
    };
    let parses = crate::wit::once::Parses::default();
    let ahead: Vec<PathBuf> = wit_dirs.into_iter().map(|(d, _)| d).collect();
    let (gathered, parsed_ahead) = rayon::join(
        || {
            gather::gather(
                &walked.rust_files,
                &packages,
                options.max_file_size,
                &display,
            )
        },
        || wit_info::parse_ahead(&ahead, &parses),
    );
    report.stats.unreached += gathered.unreached;
    for problem in gathered.problems {
        let shown = display(&problem.path);
        let label = match (&problem.text, problem.range) {
            (Some(t), Some(r)) => {
                report.sources.insert(shown.clone(), t.clone());
                Label::new(shown, Some(Span::from_range(t, r)), None)
            }
            _ => Label::file(shown),
        };
        let info = match problem.kind {
            Problem::Unparsable => &rules::parse_error::INFO,
            Problem::Skipped => &rules::skipped_file::INFO,
        };
        driver_sink(
            info,
            Diagnostic::new(info.id, Level::Note, problem.message).primary(label),
        );
    }
    let mut files = gathered.files;
    index_files(&files, &mut packages);

    step("files");
    // 4. WIT directories named by macros (and `wit/` dirs, for the version rule).
    let mut wit = WitCache::default();
    let mut dirs = Vec::new();
    for f in &files {
        let root = f.package.map_or_else(
            || f.path.parent().unwrap_or(Path::new("/")).to_path_buf(),
            |p| packages[p].root().to_path_buf(),
        );
        for b in &f.facts.bindgen {
            dirs.extend(wit_info::macro_dirs(&root, b).into_iter().map(|d| d.key));
        }
    }
    if timings {
        // For the benchmark's floor: the WIT the macros read (`examples/wit_load.rs`).
        let read: std::collections::BTreeSet<&Path> =
            dirs.iter().map(|k| k.dir.as_path()).collect();
        for dir in read.into_iter().filter(|d| d.is_dir()) {
            eprintln!("timing: wit-dir {}", dir.display());
        }
    }
    dirs.extend(version_dirs.into_iter().map(|dir| wit_info::LoadKey {
        dir,
        features: crate::wit::Features::default(),
        before: Vec::new(),
    }));
    wit.load_all(dirs, parsed_ahead, parses);

    step("wit");
    // 5. Files that matter only now that the worlds are known (none holds a macro, so the
    // WIT to load is the same).
    let none = unchecked::UncheckedWit::default();
    let imported = if enabled(rules::manual_func_wrap::INFO.id) {
        gather::imported_functions(&Context {
            packages: &packages,
            manifests: &manifests,
            files: &files,
            wit: &wit,
            display: &display,
            enabled: &enabled,
            unchecked: &none,
            wit_baseline: None,
        })
    } else {
        vec![None; packages.len()]
    };
    let more = gather::second_pass(
        &files,
        &gathered.unparsed,
        &packages,
        &imported,
        options.max_file_size,
        &display,
    );
    if !more.is_empty() {
        files.extend(more);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        index_files(&files, &mut packages);
    }
    report.stats.parsed += files.len();
    for f in &files {
        report.sources.insert(f.display.clone(), f.text.clone());
    }

    step("second pass");
    // 6. Rules.
    let mut cx = Context {
        packages: &packages,
        manifests: &manifests,
        files: &files,
        wit: &wit,
        display: &display,
        enabled: &enabled,
        unchecked: &none,
        wit_baseline: options
            .wit_baseline
            .as_deref()
            .zip(options.git_dir.as_deref()),
    };
    let found = unchecked::UncheckedWit::find(&cx);
    cx.unchecked = &found;
    let sinks: Vec<Sink> = rules::RULES
        .par_iter()
        .filter_map(|rule| {
            let info = rule.info();
            let level = level_of(info).diag_level()?;
            let mut sink = Sink::new(info.id, level);
            rule.check(&cx, &mut sink);
            Some(sink)
        })
        .collect();
    for sink in sinks {
        for (file, text) in sink.sources {
            report.sources.insert(file, text);
        }
        findings.extend(sink.findings);
    }

    step("rules");
    // 7. Suppression comments and ignore globs.
    for finding in findings {
        let d = &finding.diagnostic;
        if let Some(p) = &d.primary {
            let abs = if Path::new(&p.file).is_absolute() {
                PathBuf::from(&p.file)
            } else {
                base.join(&p.file)
            };
            if config.is_ignored(&abs) {
                continue;
            }
            if let Some(span) = &p.span {
                let text = report.sources.get(&p.file).cloned().or_else(|| {
                    std::fs::read(&abs)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into())
                });
                if let Some(text) = text
                    && suppress::is_suppressed(&text, d.rule, span.start.line, &finding.anchors)
                {
                    continue;
                }
            }
        }
        report.diagnostics.push(finding.diagnostic);
    }
}

type ManifestFailure = (Diagnostic, Option<Arc<str>>);

fn read_manifest(
    path: &Path,
    display: &dyn Fn(&Path) -> String,
) -> Result<Manifest, Box<ManifestFailure>> {
    let shown = display(path);
    manifest::load(path, shown.clone()).map_err(|e| {
        let failure = match e {
            manifest::LoadError::Read(e) => (
                Diagnostic::new(
                    rules::skipped_file::INFO.id,
                    Level::Note,
                    format!("cannot read manifest: {e}"),
                )
                .primary(Label::file(shown)),
                None,
            ),
            manifest::LoadError::NotUtf8 => (
                Diagnostic::new(
                    rules::parse_error::INFO.id,
                    Level::Note,
                    "manifest is not valid UTF-8",
                )
                .primary(Label::file(shown)),
                None,
            ),
            manifest::LoadError::Parse { text, error } => {
                let span = error.span.map(|r| Span::from_range(&text, r));
                (
                    Diagnostic::new(
                        rules::parse_error::INFO.id,
                        Level::Note,
                        format!("manifest does not parse: {}", error.message),
                    )
                    .primary(Label::new(shown, span, None))
                    .note("packages in this manifest are not linted"),
                    Some(text),
                )
            }
        };
        Box::new(failure)
    })
}

/// The world a bindgen macro selects, when it can be known.
pub enum MacroWorld<'a> {
    Resolved {
        package: &'a crate::wit::WitPackage,
        world: wit_parser::WorldId,
    },
    /// Inline WIT, a non-literal path, or WIT that failed to load (another rule reports it).
    Unknown,
}

impl Context<'_> {
    /// Directory macro paths are relative to: the package root, or the file's directory.
    pub fn macro_root(&self, file: &SourceFile) -> PathBuf {
        match file.package {
            Some(p) => self.packages[p].root().to_path_buf(),
            None => file.path.parent().unwrap_or(Path::new("/")).to_path_buf(),
        }
    }

    /// The `bindgen!` (host) macros of a package whose world resolved, with that world.
    pub fn host_worlds(
        &self,
        package: usize,
    ) -> impl Iterator<
        Item = (
            &SourceFile,
            &syntax::BindgenUse,
            &crate::wit::WitPackage,
            wit_parser::WorldId,
        ),
    > {
        self.package_files(package).flat_map(move |file| {
            file.facts
                .bindgen
                .iter()
                .filter(|b| b.kind == syntax::MacroKind::Host)
                .filter_map(move |b| match self.macro_world(file, b) {
                    MacroWorld::Resolved { package, world } => Some((file, b, package, world)),
                    MacroWorld::Unknown => None,
                })
        })
    }

    pub fn macro_world(&self, file: &SourceFile, b: &syntax::BindgenUse) -> MacroWorld<'_> {
        if b.args.inline {
            return MacroWorld::Unknown;
        }
        let dirs = wit_info::macro_dirs(&self.macro_root(file), b);
        let mut loaded = Vec::new();
        for d in &dirs {
            match self.wit.get(d).map(|l| l.as_ref()) {
                Some(Ok(p)) => loaded.push(p),
                _ => return MacroWorld::Unknown,
            }
        }
        match wit_info::select_world(&loaded, b.args.world.as_ref().map(|w| w.value.as_str())) {
            Ok((package, world)) => MacroWorld::Resolved { package, world },
            Err(_) => MacroWorld::Unknown,
        }
    }
}
