//! `guest-missing-export`.

use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;
use crate::lint::config::RuleLevel;
use crate::lint::wit_info::world_info;
use crate::lint::{Context, MacroWorld, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "guest-missing-export",
    default_level: RuleLevel::Error,
    summary: "a guest whose world has exports never calls `export!`",
    docs: r#"### What it does
Finds guest crates (a `cdylib` with `wit-bindgen`, or `[package.metadata.component]`) where a
`wit_bindgen::generate!` world has exports but no file of the crate invokes `export!` (any
path ending in `export!`, or the name set with `export_macro_name`). Crates that set
`pub_export_macro: true` are skipped: another crate may export.

### Why is this bad
`generate!` only declares the `Guest` traits; `export!(Type)` is what emits the exported
functions. Without it the crate builds, but the component exports nothing and every host
fails to instantiate it with a missing-export error.

### Example
```rust
wit_bindgen::generate!("plugin");

struct Component;
impl Guest for Component {
    fn run() {}
}
```

### Use instead
```rust
wit_bindgen::generate!("plugin");

struct Component;
impl Guest for Component {
    fn run() {}
}
export!(Component);
```
"#,
};

pub struct GuestMissingExport;

impl Rule for GuestMissingExport {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (pi, package) in cx.packages.iter().enumerate() {
            if package.role != Role::Guest {
                continue;
            }
            let uses: Vec<_> = cx
                .package_files(pi)
                .flat_map(|f| f.facts.bindgen.iter().map(move |b| (f, b)))
                .filter(|(_, b)| b.kind == MacroKind::Guest)
                .collect();
            if uses.iter().any(|(_, b)| b.args.pub_export_macro) {
                continue;
            }
            let mut names: Vec<&str> = vec!["export"];
            names.extend(
                uses.iter()
                    .filter_map(|(_, b)| b.args.export_macro_name.as_deref()),
            );
            let exported = cx
                .package_files(pi)
                .any(|f| names.iter().any(|n| f.facts.macro_names.contains(*n)));
            if exported {
                continue;
            }
            for (file, b) in uses {
                let MacroWorld::Resolved {
                    package: wit,
                    world,
                } = cx.macro_world(file, b)
                else {
                    continue;
                };
                let info = world_info(wit, world);
                if !info.has_exports {
                    continue;
                }
                let name = b.args.export_macro_name.as_deref().unwrap_or("export");
                let d = sink
                    .diag(format!(
                        "world `{}` has exports but `{name}!` is never called in guest crate `{}`",
                        info.name,
                        package.name()
                    ))
                    .primary(file.label(b.path_range.clone()).with_message(format!(
                        "generates `Guest` traits for world `{}`",
                        info.name
                    )))
                    .help(format!(
                        "implement the generated `Guest` trait(s) for a type and call `{name}!(Component);`"
                    ))
                    .note("without it the component exports nothing and instantiation fails");
                sink.emit_anchored(d, &b.anchors);
                break;
            }
        }
    }
}
