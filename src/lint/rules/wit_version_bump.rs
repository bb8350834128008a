//! `wit-version-bump`: with `--wit-baseline REV`, every WIT package a host crate's `bindgen!`
//! reads is compared with the same directory at `REV`, as `airssys-gen wit diff REV:DIR DIR
//! --check` does ([`crate::witdiff`]).

use std::collections::BTreeSet;
use std::path::Path;

use crate::discover::syntax::MacroKind;
use crate::lint::config::RuleLevel;
use crate::lint::wit_info;
use crate::lint::{Context, Rule, RuleInfo, Sink};
use crate::witdiff;

pub static INFO: RuleInfo = RuleInfo {
    id: "wit-version-bump",
    default_level: RuleLevel::Error,
    summary: "a host's WIT package changed since `--wit-baseline REV` without a large enough `@version` bump",
    docs: r#"### What it does
Only with `--wit-baseline REV` (a git revision: `main`, `v1.2.0`, `HEAD~1`). Every WIT package
that a host crate's `wasmtime::component::bindgen!` reads (inside the repository the lint runs
in) is compared with the same directory at `REV`, item by item (the semantic diff of `airssys-gen wit diff`), and the changes decide the
smallest version bump: an incompatible one (major, or minor in 0.x) for anything that breaks
old guests or old hosts, a compatible one (minor, or patch in 0.x) for additions. The package's
`@version` must have moved at least that far. Changes to `@unstable` items never need an
incompatible bump. A package that did not exist at `REV` is new, and not checked; one without
`@version` on both sides promises nothing, and is not checked either (see
`unversioned-wit-package`).

### Why is this bad
wasmtime links imports to exports across semver-compatible versions: a guest built against
`acme:kv/store@0.4.0` links against a host providing `@0.4.1`. If 0.4.1 removed or changed a
function, that guest fails at instantiation, in production, while the versions said it would
work.

### Example
```wit
// at REV: package acme:kv@0.4.0;  get, set
package acme:kv@0.4.1;  // `set` removed
```

### Use instead
```wit
package acme:kv@0.5.0;
```
"#,
};

pub struct WitVersionBump;

/// At most this many changes are listed in notes.
const MAX_LISTED: usize = 8;

impl Rule for WitVersionBump {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some((rev, cwd)) = cx.wit_baseline else {
            return;
        };
        let mut seen = BTreeSet::new();
        for file in cx.files {
            for b in &file.facts.bindgen {
                if b.args.inline || b.kind != MacroKind::Host {
                    continue;
                }
                for d in wit_info::macro_dirs(&cx.macro_root(file), b) {
                    let Some(Ok(pkg)) = cx.wit.get(&d).map(|l| l.as_ref()) else {
                        continue;
                    };
                    let real = std::fs::canonicalize(&d.dir).unwrap_or_else(|_| d.dir.clone());
                    if seen.insert(real.clone()) {
                        check_dir(cx, sink, rev, cwd, &real, pkg);
                    }
                }
            }
        }
    }
}

fn check_dir(
    cx: &Context<'_>,
    sink: &mut Sink,
    rev: &str,
    cwd: &Path,
    dir: &Path,
    pkg: &crate::wit::WitPackage,
) {
    let cwd_real = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let Ok(rel) = dir.strip_prefix(&cwd_real) else {
        // Outside the repository the lint runs in: no baseline to read.
        return;
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = if rel.is_empty() { ".".to_string() } else { rel };
    let report = match witdiff::run(&format!("{rev}:{rel}"), &rel, cwd) {
        Ok(r) => r,
        // New since the baseline (or not loadable there): nothing to compare.
        Err(_) => return,
    };
    // Unversioned on both sides, the package promises nothing to check (test fixtures, internal
    // packages: found all over a real checkout); `unversioned-wit-package` is the rule for that.
    if report.verdict.ok || (report.old.version.is_none() && report.new.version.is_none()) {
        return;
    }
    let name = &pkg.resolve.packages[pkg.package].name;
    let label = super::unversioned_wit_package::package_label(cx, sink, dir, pkg);
    let mut d = sink
        .diag(format!(
            "WIT package `{name}` changed since `{rev}` without a large enough version bump"
        ))
        .primary(label.with_message(report.verdict.message.clone()));
    let driving = witdiff::driving_changes(&report);
    for c in driving.iter().take(MAX_LISTED) {
        d = d.note(format!(
            "{}: {}: {}",
            c.label, c.change.path, c.change.message
        ));
    }
    if driving.len() > MAX_LISTED {
        d = d.note(format!(
            "and {} more (`airssys-gen wit diff {rev}:{} {}` lists them all)",
            driving.len() - MAX_LISTED,
            (cx.display)(dir),
            (cx.display)(dir)
        ));
    }
    if let Some(next) = &report.verdict.suggested {
        d = d.help(format!(
            "bump it: `package {}:{}@{next};`",
            name.namespace, name.name
        ));
    }
    sink.emit(d);
}
