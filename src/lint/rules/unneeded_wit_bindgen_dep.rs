//! `unneeded-wit-bindgen-dep`.

use crate::diag::Label;
use crate::discover::manifest::{DepKind, Role};
use crate::discover::syntax::{MacroKind, WIT_BINDGEN};
use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "unneeded-wit-bindgen-dep",
    default_level: RuleLevel::Warn,
    summary: "a host crate depends on `wit-bindgen` but never uses it",
    docs: r#"### What it does
Finds host crates (they depend on `wasmtime` and are not guests) with `wit-bindgen` in
`[dependencies]` (renamed or inherited from the workspace too) where no Rust file of the
package refers to the crate at all.

### Why is this bad
`wasmtime::component::bindgen!` does not need `wit-bindgen`: it brings its own generator.
`wit-bindgen` is the guest-side crate; in a host it only adds build time, and it suggests a
version coupling between wasmtime and wit-bindgen that does not exist.

### Example
```toml
[dependencies]
wasmtime = "48"
wit-bindgen = "0.63"
```

### Use instead
```toml
[dependencies]
wasmtime = "48"
```
"#,
};

pub struct UnneededWitBindgenDep;

impl Rule for UnneededWitBindgenDep {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (pi, package) in cx.packages.iter().enumerate() {
            if package.role != Role::Host || package.manifest.context_only {
                continue;
            }
            let m = &package.manifest;
            let Some(dep) = m.dep_on(WIT_BINDGEN, &[DepKind::Normal]) else {
                continue;
            };
            let used = cx.package_files(pi).any(|f| {
                f.facts.crate_refs.iter().any(|r| r.package == WIT_BINDGEN)
                    || f.facts.bindgen.iter().any(|b| b.kind == MacroKind::Guest)
            });
            if used {
                continue;
            }
            let mut d = sink
                .diag(format!(
                    "host crate `{}` depends on `wit-bindgen` but never uses it",
                    package.name()
                ))
                .primary(
                    Label::at(m.display.clone(), &m.text, dep.span.clone())
                        .with_message("unused guest-side dependency"),
                );
            if let Some(l) = package.role_label() {
                d = d.secondary(l);
            }
            let d = d
                .help(format!(
                    "remove `{}` from `[dependencies]`: `wasmtime::component::bindgen!` does not need it",
                    dep.key
                ))
                .note("`wit-bindgen` generates guest bindings; a host never links it");
            sink.emit(d);
        }
    }
}
