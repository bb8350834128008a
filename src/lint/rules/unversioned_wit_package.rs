//! `unversioned-wit-package`.

use crate::diag::Label;
use crate::lint::config::RuleLevel;
use crate::lint::wit_info;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "unversioned-wit-package",
    default_level: RuleLevel::Allow,
    summary: "a WIT package without `@version` (allowed by default)",
    docs: r#"### What it does
Finds WIT packages declared without a version (`package ns:name;`) among the packages the
linted crates use: the WIT named by bindgen macros and the `wit/` directory of every host and
guest crate. Allowed by default; enable it with `unversioned-wit-package = "warn"`.

### Why is this bad
Versions are how hosts and guests built from different releases of an interface tell them
apart: `linker.instance("ns:name/iface@1.2.0")`, WASI-style semver matching, and two versions
of a package side by side all need one. Adding a version later renames every interface.

### Example
```wit
package airssys:core;
```

### Use instead
```wit
package airssys:core@0.1.0;
```
"#,
};

pub struct UnversionedWitPackage;

/// A label on the `package ns:name@v;` declaration of the package loaded from `dir` (its
/// source registered with the sink), or on the directory when it cannot be found.
pub(crate) fn package_label(
    cx: &Context<'_>,
    sink: &mut Sink,
    dir: &std::path::Path,
    pkg: &crate::wit::WitPackage,
) -> Label {
    match wit_info::package_decl(pkg) {
        Some((rel, range)) => {
            let path = dir.join(rel);
            match cx.read_text(&path) {
                Some(text) => {
                    let shown = (cx.display)(&path);
                    sink.source(shown.clone(), text.clone());
                    Label::at(shown, &text, range)
                }
                None => Label::file((cx.display)(&path)),
            }
        }
        None => Label::file((cx.display)(dir)),
    }
}

impl Rule for UnversionedWitPackage {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (dir, load) in cx.wit.iter() {
            let Ok(pkg) = load.as_ref() else { continue };
            let name = &pkg.resolve.packages[pkg.package].name;
            if name.version.is_some() {
                continue;
            }
            let label = package_label(cx, sink, dir, pkg);
            let d = sink
                .diag(format!("WIT package `{name}` has no version"))
                .primary(label.with_message("no `@version`"))
                .help(format!("add one: `package {name}@0.1.0;`"));
            sink.emit(d);
        }
    }
}
