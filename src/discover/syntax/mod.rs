//! Facts about one Rust file, read from its syn tree: bindgen macro invocations (resolved
//! through `use` aliases, globs, `extern crate` renames and renamed dependencies), their
//! `path`/`world` arguments, uses of interesting crates, and hand-written component-linker
//! registrations; and, from its tokens, every macro name invoked.
//!
//! `reduce` first cuts the file down to the items that can hold one of those facts, so
//! syn parses a few items instead of thousands of lines (`extract` reads the tree).
//! Nothing here looks at text: comments, strings and doc examples are invisible to it.
//! Everything is turned into byte ranges of the file before returning, and the thread's span
//! table is released, so memory does not grow with the number of files parsed.

mod args;
mod extract;
mod reduce;
mod scope;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::ops::Range;
use std::time::{Duration, Instant};

use crate::diag::LineIndex;

/// Packages whose crate names matter.
pub const WIT_BINDGEN: &str = "wit-bindgen";
pub const WASMTIME: &str = "wasmtime";
pub const INTERNAL_CRATES: [&str; 2] = ["wasmtime-wit-bindgen", "wasmtime-internal-wit-bindgen"];

/// Local crate names code may use for the packages that matter, e.g. `wb` -> `wit-bindgen`.
#[derive(Debug, Clone, Default)]
pub struct CrateNames {
    pub entries: Vec<(String, &'static str)>,
    /// Of [`WIT_BINDGEN`] and [`WASMTIME`], the ones the package depends on (empty outside a
    /// package). A bare `generate!`/`bindgen!` that nothing in its file names is taken to be
    /// that crate's macro, brought in from another file (`use super::*`, `crate::bindgen!`).
    pub depends_on: Vec<&'static str>,
    /// Packages whose paths are not recorded as [`CrateRef`]s: no rule reads them for this
    /// package (a `wit_bindgen::` path matters only in a host, as a use of the dependency).
    /// Items that name only such a crate are then not parsed: in a guest, most of the code
    /// does (`wit_bindgen::spawn`, `wit_bindgen::StreamReader`).
    pub untracked: Vec<&'static str>,
}

impl CrateNames {
    /// The canonical names only (a file outside any package).
    pub fn canonical() -> CrateNames {
        let mut entries = vec![
            ("wit_bindgen".to_string(), WIT_BINDGEN),
            ("wasmtime".to_string(), WASMTIME),
        ];
        for p in INTERNAL_CRATES {
            entries.push((p.replace('-', "_"), p));
        }
        CrateNames {
            entries,
            ..CrateNames::default()
        }
    }

    /// The names a package's code may use for the bindgen crates, renames included.
    pub(crate) fn of_manifest(manifest: &super::manifest::Manifest) -> CrateNames {
        let mut names = CrateNames::default();
        for package in [WIT_BINDGEN, WASMTIME].into_iter().chain(INTERNAL_CRATES) {
            for local in manifest.crate_names(package) {
                names.entries.push((local, package));
            }
        }
        names.depends_on = [WIT_BINDGEN, WASMTIME]
            .into_iter()
            .filter(|p| manifest.depends_on(p))
            .collect();
        names
    }

    /// Identifiers that make an item worth parsing: the macro names and the local names of
    /// the bindgen crates (`wasmtime` is too common to count: its macro paths name
    /// `bindgen` anyway; [`CrateNames::untracked`] ones matter only in macro paths, which
    /// name the macro); and the registration methods.
    fn words(&self, registrations: Registrations<'_>) -> reduce::Words {
        let locals = self
            .entries
            .iter()
            .filter(|(_, p)| *p != WASMTIME && !self.untracked.contains(p))
            .map(|(l, _)| l.as_str());
        let mut words = reduce::Words::new(
            ["generate", "bindgen"].into_iter().chain(locals),
            extract::FUNC_METHODS.iter().copied(),
        );
        if let Registrations::Named(funcs) = registrations {
            words.only_registering(funcs);
        }
        words
    }

    pub fn package_of(&self, local: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(l, _)| l == local)
            .map(|(_, p)| *p)
    }

    pub(super) fn is(&self, local: &str, package: &str) -> bool {
        self.entries
            .iter()
            .any(|(l, p)| l == local && *p == package)
    }
}

/// Which bindgen macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MacroKind {
    /// `wit_bindgen::generate!`.
    Guest,
    /// `wasmtime::component::bindgen!`.
    Host,
}

impl MacroKind {
    pub fn canonical(self) -> &'static str {
        match self {
            MacroKind::Guest => "wit_bindgen::generate!",
            MacroKind::Host => "wasmtime::component::bindgen!",
        }
    }
}

/// A string literal and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LitLoc {
    pub value: String,
    pub range: Range<usize>,
}

/// The WIT-related arguments of a bindgen macro.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MacroArgs {
    /// False when the tokens were not understood; then nothing about WIT is checked.
    pub understood: bool,
    pub world: Option<LitLoc>,
    /// `path: ".."`, `path: [..]` or `"world" in ".."`. Empty means the default `wit`.
    pub paths: Vec<LitLoc>,
    /// `inline: ".."` (or wasmtime's `interfaces: ".."`).
    pub inline: bool,
    /// `path` given but not as string literals.
    pub dynamic_path: bool,
    pub export_macro_name: Option<String>,
    pub pub_export_macro: bool,
    /// Keys of `with: { "ns:pkg/iface": .. }`.
    pub with_keys: Vec<String>,
    /// `features: ["a", "b"]`: `@unstable` features wit-bindgen's `generate!` enables.
    pub features: Vec<String>,
    /// `all_features: true`.
    pub all_features: bool,
}

impl MacroArgs {
    /// The `@unstable` features the macro parses its WIT with: wasmtime's `bindgen!` turns
    /// every feature on (`resolve.all_features = true` in its macro), wit-bindgen's
    /// `generate!` only those named.
    pub fn wit_features(&self, kind: MacroKind) -> crate::wit::Features {
        crate::wit::Features {
            all: kind == MacroKind::Host || self.all_features,
            names: if kind == MacroKind::Host {
                Vec::new()
            } else {
                self.features.clone()
            },
        }
    }
}

/// A resolved `generate!`/`bindgen!` invocation.
#[derive(Debug, Clone)]
pub struct BindgenUse {
    pub kind: MacroKind,
    /// The path as written, e.g. `gen` or `wasmtime::component::bindgen`.
    pub written: String,
    /// From the first path token through the `!`.
    pub path_range: Range<usize>,
    pub args: MacroArgs,
    /// Start lines of the enclosing items and statements (for suppression comments).
    pub anchors: Vec<usize>,
}

/// A path that starts with a crate we care about (`wit_bindgen::..`, `wasmtime_wit_bindgen`).
#[derive(Debug, Clone)]
pub struct CrateRef {
    pub package: &'static str,
    pub local: String,
    pub range: Range<usize>,
    pub anchors: Vec<usize>,
}

/// What a component-linker registration targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `linker.root()`.
    Root,
    /// `linker.instance("ns:pkg/iface")`.
    Instance(String),
}

/// `<root or instance>.func_wrap("name", ..)`.
#[derive(Debug, Clone)]
pub struct Registration {
    pub target: LinkTarget,
    /// The `instance("..")`/`root()` call.
    pub target_range: Range<usize>,
    pub func: String,
    pub method: String,
    /// The `func_wrap` method name.
    pub range: Range<usize>,
    pub anchors: Vec<usize>,
}

/// Everything a file tells the rules.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub bindgen: Vec<BindgenUse>,
    /// Last path segment of every macro invoked (`export`, `println`, ...).
    pub macro_names: BTreeSet<String>,
    pub crate_refs: Vec<CrateRef>,
    pub registrations: Vec<Registration>,
}

/// A file that does not parse, or took longer than its budget.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub message: String,
    pub range: Range<usize>,
    /// The file parsed, but reading its facts did not finish within the budget.
    pub out_of_time: bool,
}

/// How long one file may take: far beyond any real file (those take milliseconds), short
/// enough that no input stalls a CI job.
pub const FILE_BUDGET: Duration = Duration::from_secs(2);

/// The WIT-related arguments of a bindgen macro call read from its tokens alone, for callers
/// that hold a parsed `syn::Macro` (`--update`); literal ranges are empty.
pub fn macro_args(tokens: proc_macro2::TokenStream) -> MacroArgs {
    args::parse_args(tokens, None)
}

/// Which component-linker registrations a parse looks for.
#[derive(Debug, Clone, Copy)]
pub enum Registrations<'a> {
    /// Every `.func_wrap("name", f)`-shaped call.
    All,
    /// Only those registering one of these names (the functions a package's `bindgen!`
    /// worlds import): no other can be a finding, so items without one are not parsed.
    Named(&'a [String]),
}

/// Parses `text` and extracts its facts within [`FILE_BUDGET`].
pub fn extract(text: &str, names: &CrateNames) -> Result<FileFacts, ParseFailure> {
    extract_for(text, names, Registrations::All)
}

/// [`extract`], looking only for the given registrations.
pub fn extract_for(
    text: &str,
    names: &CrateNames,
    registrations: Registrations<'_>,
) -> Result<FileFacts, ParseFailure> {
    extract_within(text, names, registrations, FILE_BUDGET)
}

/// [`extract_for`] with another budget.
pub fn extract_within(
    text: &str,
    names: &CrateNames,
    registrations: Registrations<'_>,
    budget: Duration,
) -> Result<FileFacts, ParseFailure> {
    extract_impl(text, names, registrations, budget, true)
}

/// A budget for tests on real files: an unoptimized build on a loaded machine is far
/// slower than a release build, and the tests assert results, not time.
#[cfg(test)]
pub(super) const TEST_BUDGET: Duration = Duration::from_secs(120);

/// The whole file parsed, without cutting it down first: what the cut must agree with.
#[cfg(test)]
pub(super) fn extract_whole(text: &str, names: &CrateNames) -> Result<FileFacts, ParseFailure> {
    extract_impl(text, names, Registrations::All, TEST_BUDGET, false)
}

/// [`extract`] with [`TEST_BUDGET`].
#[cfg(test)]
pub(super) fn extract_unhurried(text: &str, names: &CrateNames) -> Result<FileFacts, ParseFailure> {
    extract_within(text, names, Registrations::All, TEST_BUDGET)
}

fn extract_impl(
    text: &str,
    names: &CrateNames,
    registrations: Registrations<'_>,
    budget: Duration,
    cut: bool,
) -> Result<FileFacts, ParseFailure> {
    let deadline = Instant::now() + budget;
    const BOM: &str = "\u{feff}";
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, text),
    };
    let nesting = |at: usize| ParseFailure {
        message: format!("brackets nest deeper than {MAX_NESTING} levels"),
        range: bom + at..bom + at + 1,
        out_of_time: false,
    };
    // syn parses nested brackets recursively; refuse what could overflow a thread's stack.
    let reduced = reduce::reduce(body, &names.words(registrations), MAX_NESTING);
    if let Some(at) = reduced.too_deep {
        return Err(nesting(at));
    }
    if reduced.nothing_kept && cut {
        return Ok(FileFacts {
            macro_names: reduced.macro_names,
            ..FileFacts::default()
        });
    }
    let parse = |text: &str, cut: Option<&reduce::Cut>| {
        syn::parse_file(text).map(|file| {
            let loc = Locator {
                text,
                index: LineIndex::new(text),
                bom,
                cut: cut.map(|c| (c, LineIndex::new(body))),
            };
            extract::facts(&file, &loc, names, deadline)
        })
    };
    // When the cut text does not parse (the lexer saw the file differently from syn), the
    // whole file is parsed and its errors are the ones reported.
    let parsed = match reduced
        .text
        .as_ref()
        .filter(|_| cut)
        .map(|c| parse(&c.text, Some(c)))
    {
        Some(Ok(facts)) => Ok(facts),
        _ => {
            // The lexer's brackets may differ from syn's (it gave up on this file): count
            // bytes, which overcounts brackets in strings and comments.
            if let Some(at) = too_deep(body.as_bytes()) {
                proc_macro2::extra::invalidate_current_thread_spans();
                return Err(nesting(at));
            }
            parse(body, None)
        }
    };
    let result = match parsed {
        Ok(Some(mut facts)) => {
            facts.macro_names = reduced.macro_names;
            Ok(facts)
        }
        Ok(None) => Err(ParseFailure {
            message: format!(
                "reading its names took longer than the {} s budget",
                budget.as_secs_f32()
            ),
            range: 0..0,
            out_of_time: true,
        }),
        Err(e) => {
            let loc = Locator {
                text: body,
                index: LineIndex::new(body),
                bom,
                cut: None,
            };
            Err(ParseFailure {
                message: e.to_string(),
                range: loc.range(e.span()),
                out_of_time: false,
            })
        }
    };
    // All spans are converted; free this thread's source map (it keeps every parsed file).
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// Deepest bracket nesting [`extract`] parses; real code stays far below it.
const MAX_NESTING: usize = 256;

/// Offset of the first bracket that opens level `MAX_NESTING + 1`. A byte count: brackets
/// in strings and comments count too, which real code is far enough from the limit for.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Turns spans of the parsed text into byte ranges and lines of the file.
pub(super) struct Locator<'t> {
    /// What syn parsed: the file after its byte order mark, or a cut of it.
    text: &'t str,
    index: LineIndex,
    bom: usize,
    /// When `text` is a cut: the map back, and the lines of the file.
    cut: Option<(&'t reduce::Cut, LineIndex)>,
}

impl Locator<'_> {
    pub(super) fn offset(&self, lc: proc_macro2::LineColumn) -> usize {
        let at = self.index.offset(self.text, lc.line, lc.column);
        self.bom + self.cut.as_ref().map_or(at, |(cut, _)| cut.original(at))
    }

    /// The file's 1-based line of a position.
    pub(super) fn line(&self, lc: proc_macro2::LineColumn) -> usize {
        match &self.cut {
            Some((cut, lines)) => {
                let at = self.index.offset(self.text, lc.line, lc.column);
                lines.line_of(cut.original(at))
            }
            None => lc.line,
        }
    }

    pub(super) fn range(&self, span: proc_macro2::Span) -> Range<usize> {
        let start = self.offset(span.start());
        let end = self.offset(span.end()).max(start);
        start..end
    }

    pub(super) fn join(&self, a: proc_macro2::Span, b: proc_macro2::Span) -> Range<usize> {
        let start = self.offset(a.start());
        let end = self.offset(b.end()).max(start);
        start..end
    }
}
