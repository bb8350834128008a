//! `wit-drift`: copies of one WIT package that differ in meaning from the host's copy.
//!
//! The comparison is [`crate::drift`]'s semantic diff; the canonical copy is the one a host
//! crate's `bindgen!` reads, as in `airssys-gen wit sync` (which can also take `--canonical`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Label;
use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;
use crate::drift::{self, Change, Location};
use crate::lint::config::RuleLevel;
use crate::lint::wit_info;
use crate::lint::{Context, Rule, RuleInfo, Sink, SourceFile};
use crate::wit::WitPackage;
use crate::wit::namesakes::{self, CopyReader, Namesake};

pub static INFO: RuleInfo = RuleInfo {
    id: "wit-drift",
    default_level: RuleLevel::Error,
    summary: "a copy of a WIT package differs in meaning from the copy the host crate uses",
    docs: r#"### What it does
Finds every WIT directory a `wasmtime::component::bindgen!` or `wit_bindgen::generate!` reads,
groups the copies by WIT package name, takes the copy a host crate (`bindgen!`) reads as the
canonical one, and compares every other copy with it item by item: interfaces, worlds,
functions, parameters, results, records, variants, enums, flags, resources, `use`s, versions
and dependencies. Each difference is located in both copies and classified: breaking,
additive (and for whom it is safe: a new host import is safe for old guests, a new guest
export for old hosts). Comments, docs, formatting and declaration order are never drift.
A package of which one crate reads two copies is not compared: those are deliberate
variants (two versions of a package side by side, like WASI 0.2 and 0.3). Nor is a copy
read only by guests in other cargo workspaces than the host's, each of which has a host
crate of its own: a repository of independent systems (experiments that each name their
package `example:plugin`). Guests in a workspace without a host, the usual shape of a
host's test components, are compared.

When no host crate reads any copy, nothing says which one is canonical: copies that differ in
meaning are one error naming them all. Not reported then: copies that share no world (each
guest's own package under a common name, as test fixtures often are), and copies whose own
files are the same while their deps manifests (wit-deps' `deps.toml`, `wkg.toml`) declare
different dependencies (a choice; a stale fetch under the same declaration is reported).

### Why is this bad
A guest built from a copy that drifted from the host's WIT fails at instantiation (wasmtime
type-checks every function, field, case and flag by name and position), or, for additive
drift, only works until the other side is rebuilt. The failure shows up at run time, far
from the edit that caused it.

### Example
```wit
// host/wit/api.wit
get: func(id: u64) -> option<item>;
// guest/wit/api.wit
get: func(id: u32) -> option<item>;
```

### Use instead
One canonical copy, vendored into every guest by `airssys-gen wit sync` (and kept there by
the `airssys-wit-sync` pre-commit hook).
"#,
};

pub struct WitDrift;

/// At most this many changes get labels; the rest are counted in a note.
const MAX_LABELLED: usize = 8;

/// A crate's macro call that reads a copy.
struct Reader<'a> {
    file: &'a SourceFile,
    /// Where the path is written (or the macro name, for the default `wit`).
    range: std::ops::Range<usize>,
    host: bool,
}

struct Copy<'a> {
    dir: PathBuf,
    pkg: &'a WitPackage,
    readers: Vec<Reader<'a>>,
}

impl Rule for WitDrift {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // Copies keyed by their real path, so one directory reached two ways is one copy.
        let mut copies: BTreeMap<PathBuf, Copy<'_>> = BTreeMap::new();
        for file in cx.files {
            for b in &file.facts.bindgen {
                if b.args.inline {
                    continue;
                }
                for d in wit_info::macro_dirs(&cx.macro_root(file), b) {
                    // WIT that is missing or does not parse is `bindgen-wit-missing`'s.
                    let Some(Ok(pkg)) = cx.wit.get(&d).map(|l| l.as_ref()) else {
                        continue;
                    };
                    let key = std::fs::canonicalize(&d.dir).unwrap_or_else(|_| d.dir.clone());
                    let copy = copies.entry(key).or_insert_with(|| Copy {
                        dir: d.dir.clone(),
                        pkg,
                        readers: Vec::new(),
                    });
                    copy.readers.push(Reader {
                        file,
                        range: d.lit.map_or(b.path_range.clone(), |l| l.range.clone()),
                        host: b.kind == MacroKind::Host,
                    });
                }
            }
        }

        let mut groups: BTreeMap<String, Vec<&Copy<'_>>> = BTreeMap::new();
        for copy in copies.values() {
            let name = &copy.pkg.resolve.packages[copy.pkg.package].name;
            groups
                .entry(format!("{}:{}", name.namespace, name.name))
                .or_default()
                .push(copy);
        }
        let systems = Systems::of(cx);
        for (package, group) in groups {
            if group.len() > 1 && !has_variants(&group) {
                check_group(cx, sink, &systems, &package, &group);
            }
        }
    }
}

/// Which cargo workspace each package is in, and which workspaces hold a host crate, for
/// [`namesakes::other_system`].
struct Systems {
    workspace: Vec<PathBuf>,
    with_host: Vec<PathBuf>,
}

impl Systems {
    fn of(cx: &Context<'_>) -> Systems {
        let workspace = crate::discover::manifest::workspace_dirs(
            cx.packages.iter().map(|p| p.manifest.as_ref()),
            cx.manifests,
        );
        let with_host = cx
            .packages
            .iter()
            .zip(&workspace)
            .filter(|(p, _)| p.role == Role::Host)
            .map(|(_, w)| w.clone())
            .collect();
        Systems {
            workspace,
            with_host,
        }
    }

    fn readers<'c>(&'c self, copy: &'c Copy<'_>) -> impl Iterator<Item = CopyReader<'c>> {
        copy.readers.iter().filter_map(|r| {
            let workspace = &self.workspace[r.file.package?];
            Some(CopyReader {
                workspace,
                workspace_has_host: self.with_host.contains(workspace),
                host: r.host,
            })
        })
    }

    /// `copy` belongs to another system than the host's copy `canon`.
    fn apart(&self, copy: &Copy<'_>, canon: &Copy<'_>) -> bool {
        let canon_ws: Vec<&Path> = self.readers(canon).map(|r| r.workspace).collect();
        namesakes::other_system(self.readers(copy), &canon_ws)
    }
}

/// Some crate reads two copies of the package: variants ([`crate::wit::variants`]).
fn has_variants(group: &[&Copy<'_>]) -> bool {
    let readers: Vec<Vec<usize>> = group
        .iter()
        .map(|c| c.readers.iter().filter_map(|r| r.file.package).collect())
        .collect();
    crate::wit::variants::reader_of_two(&readers).is_some()
}

/// Some copy differs from the first in meaning (forms also differ by declaration order).
fn differ_in_meaning(group: &[&Copy<'_>]) -> bool {
    group[1..]
        .iter()
        .any(|c| !drift::diff(c.pkg, group[0].pkg).is_empty())
}

fn check_group(
    cx: &Context<'_>,
    sink: &mut Sink,
    systems: &Systems,
    package: &str,
    group: &[&Copy<'_>],
) {
    let forms: Vec<_> = group
        .iter()
        .map(|c| crate::wit::tokens::token_form(&c.pkg.files))
        .collect();
    let hosts: Vec<usize> = (0..group.len())
        .filter(|&i| group[i].readers.iter().any(|r| r.host))
        .collect();
    let canonical = match hosts.as_slice() {
        [] => {
            let namesakes: Vec<Namesake<'_>> = group
                .iter()
                .zip(&forms)
                .map(|(c, form)| Namesake {
                    dir: &c.dir,
                    pkg: c.pkg,
                    form,
                })
                .collect();
            if forms.iter().all(|f| *f == forms[0])
                || namesakes::not_copies(&namesakes).is_some()
                || !differ_in_meaning(group)
            {
                return;
            }
            // Different copies and nothing says which is right.
            let mut d = sink
                .diag(format!(
                    "copies of WIT package `{package}` differ and no host crate reads any of them"
                ))
                .help("pick the canonical copy: `airssys-gen wit sync --canonical DIR`");
            for (i, copy) in group.iter().enumerate() {
                for r in &copy.readers {
                    let label = r
                        .file
                        .label(r.range.clone())
                        .with_message(format!("reads `{}`", (cx.display)(&copy.dir)));
                    d = if i == 0 && d.primary.is_none() {
                        d.primary(label)
                    } else {
                        d.secondary(label)
                    };
                }
            }
            sink.emit(d);
            return;
        }
        [first, rest @ ..] => {
            if let Some(&other) = rest.iter().find(|&&h| forms[h] != forms[*first]) {
                let (a, b) = (group[*first], group[other]);
                let mut d = sink.diag(format!(
                    "host crates read different copies of WIT package `{package}`"
                ));
                for (i, copy) in [a, b].into_iter().enumerate() {
                    for r in copy.readers.iter().filter(|r| r.host) {
                        let label = r
                            .file
                            .label(r.range.clone())
                            .with_message(format!("reads `{}`", (cx.display)(&copy.dir)));
                        d = if i == 0 && d.primary.is_none() {
                            d.primary(label)
                        } else {
                            d.secondary(label)
                        };
                    }
                }
                let d = d.help("pick one: `airssys-gen wit sync --canonical DIR`");
                sink.emit(d);
                return;
            }
            *first
        }
    };

    let canon = group[canonical];
    for (i, copy) in group.iter().enumerate() {
        if i == canonical || forms[i] == forms[canonical] || systems.apart(copy, canon) {
            continue;
        }
        let changes = drift::diff(copy.pkg, canon.pkg);
        if changes.is_empty() {
            continue;
        }
        report_copy(cx, sink, package, copy, canon, &changes);
    }
}

fn report_copy(
    cx: &Context<'_>,
    sink: &mut Sink,
    package: &str,
    copy: &Copy<'_>,
    canon: &Copy<'_>,
    changes: &[Change],
) {
    let (shown_copy, shown_canon) = ((cx.display)(&copy.dir), (cx.display)(&canon.dir));
    let mut label = |loc: &Location, message: String| -> Label {
        let shown = (cx.display)(&loc.file);
        match cx.read_text(&loc.file) {
            Some(text) => {
                sink.source(shown.clone(), text.clone());
                Label::at(shown, &text, loc.range.clone()).with_message(message)
            }
            None => Label::file(shown).with_message(message),
        }
    };
    let mut primary = None;
    let mut secondary = Vec::new();
    for c in changes.iter().take(MAX_LABELLED) {
        if let Some(loc) = &c.old {
            let l = label(loc, format!("{}: {}", c.label(), c.message));
            if primary.is_none() {
                primary = Some(l);
            } else {
                secondary.push(l);
            }
        }
        if let Some(loc) = &c.new {
            secondary.push(label(loc, format!("canonical copy (`{}`)", c.path)));
        }
    }
    let n = changes.len();
    let version = &canon.pkg.resolve.packages[canon.pkg.package].name;
    let mut d = sink.diag(format!(
        "WIT copy `{shown_copy}` of package `{package}` has drifted from the canonical copy `{shown_canon}`: {n} change{}",
        if n == 1 { "" } else { "s" }
    ));
    let readers: Vec<Label> = copy
        .readers
        .iter()
        .map(|r| {
            r.file
                .label(r.range.clone())
                .with_message(format!("reads the drifted copy `{shown_copy}`"))
        })
        .collect();
    let mut readers = readers.into_iter();
    d = match primary.or_else(|| readers.next()) {
        Some(p) => d.primary(p),
        None => d,
    };
    for l in secondary.into_iter().chain(readers) {
        d = d.secondary(l);
    }
    if n > MAX_LABELLED {
        d = d.note(format!(
            "{} more change{}; `airssys-gen wit sync --check` lists them all",
            n - MAX_LABELLED,
            if n - MAX_LABELLED == 1 { "" } else { "s" }
        ));
    }
    let link = if changes.iter().all(|c| c.compat.old_guests) {
        "guests built from this copy still link against hosts built from the canonical copy, until they are rebuilt from it"
    } else {
        "guests built from this copy do not link against hosts built from the canonical copy"
    };
    d = d
        .note(link)
        .note(format!("canonical: `{version}` as read by the host crate"))
        .help(format!(
            "run `airssys-gen wit sync` to write `{shown_canon}` into `{shown_copy}`"
        ));
    sink.emit(d);
}
