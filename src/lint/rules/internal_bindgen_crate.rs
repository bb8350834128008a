//! `internal-bindgen-crate`.

use std::collections::HashSet;

use crate::diag::Label;
use crate::lint::config::RuleLevel;
use crate::lint::syntax::INTERNAL_CRATES;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "internal-bindgen-crate",
    default_level: RuleLevel::Error,
    summary: "`wasmtime-wit-bindgen` / `wasmtime-internal-wit-bindgen` used in code or `Cargo.toml`",
    docs: r#"### What it does
Finds dependencies on `wasmtime-wit-bindgen` or `wasmtime-internal-wit-bindgen` in any
`Cargo.toml` (all dependency tables, `[workspace.dependencies]`, renamed entries) and paths,
`use` items and `extern crate` items that name them in Rust code.

### Why is this bad
These crates are the code generator inside `wasmtime::component::bindgen!`. They are internal
to wasmtime, unsupported outside it, versioned in lockstep with it (`wasmtime-wit-bindgen`
was renamed `wasmtime-internal-wit-bindgen` in wasmtime 35), and change without notice. A host
never needs them: the macro is the supported interface.

### Example
```toml
[dependencies]
wasmtime-internal-wit-bindgen = "=48.0.8"
```

### Use instead
```rust
wasmtime::component::bindgen!({ world: "my-world", path: "wit" });
```
"#,
};

pub struct InternalBindgenCrate;

impl Rule for InternalBindgenCrate {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for m in cx.manifests.iter().filter(|m| !m.context_only) {
            for dep in m
                .deps
                .iter()
                .filter(|d| INTERNAL_CRATES.contains(&d.package.as_str()))
            {
                let mut d = sink
                    .diag(format!(
                        "dependency on wasmtime's internal crate `{}`",
                        dep.package
                    ))
                    .primary(
                        Label::at(m.display.clone(), &m.text, dep.span.clone())
                            .with_message(format!("in {}", dep.kind.table_name())),
                    )
                    .help(
                        "remove it: hosts use `wasmtime::component::bindgen!`, guests use `wit-bindgen`",
                    )
                    .note("it is internal to wasmtime, unsupported outside it and versioned in lockstep with it");
                if dep.package == "wasmtime-wit-bindgen" {
                    d = d.note("`wasmtime-wit-bindgen` was renamed `wasmtime-internal-wit-bindgen` in wasmtime 35");
                }
                sink.emit(d);
            }
        }
        for file in cx.files {
            let mut seen = HashSet::new();
            for r in &file.facts.crate_refs {
                if !INTERNAL_CRATES.contains(&r.package) {
                    continue;
                }
                let label = file.label(r.range.clone());
                let line = label.span.as_ref().map_or(0, |s| s.start.line);
                if !seen.insert(line) {
                    continue;
                }
                let d = sink
                    .diag(format!("use of wasmtime's internal crate `{}`", r.local))
                    .primary(label.with_message("internal to wasmtime"))
                    .help("use `wasmtime::component::bindgen!` instead of calling the generator directly")
                    .note("it is internal to wasmtime, unsupported outside it and versioned in lockstep with it");
                sink.emit_anchored(d, &r.anchors);
            }
        }
    }
}
