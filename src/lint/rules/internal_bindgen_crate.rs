//! `internal-bindgen-crate`.

use std::collections::HashSet;

use crate::diag::Label;
use crate::discover::syntax::INTERNAL_CRATES;
use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink, SourceFile};

pub static INFO: RuleInfo = RuleInfo {
    id: "internal-bindgen-crate",
    default_level: RuleLevel::Error,
    summary: "`wasmtime-wit-bindgen` / `wasmtime-internal-wit-bindgen` used in code or `Cargo.toml`",
    docs: r#"### What it does
Finds dependencies on `wasmtime-wit-bindgen` or `wasmtime-internal-wit-bindgen` in any
`Cargo.toml` (all dependency tables, `[workspace.dependencies]`, renamed entries) and paths,
`use` items and `extern crate` items that name them in Rust code. A dependency by `path`
(wasmtime's own workspace, a vendored fork) is the crate's home, not a use from outside.

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
                .filter(|d| INTERNAL_CRATES.contains(&d.package.as_str()) && !d.local)
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
                if !INTERNAL_CRATES.contains(&r.package) || from_source_tree(cx, file, r.package) {
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

/// The file's package takes the crate by `path` (wasmtime's own crates do).
fn from_source_tree(cx: &Context<'_>, file: &SourceFile, package: &str) -> bool {
    file.package.is_some_and(|p| {
        cx.packages[p]
            .manifest
            .deps
            .iter()
            .any(|d| d.package == package && d.local)
    })
}
