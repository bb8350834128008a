//! `manual-func-wrap`.

use std::path::Path;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::discover::syntax::LinkTarget;
use crate::lint::config::RuleLevel;
use crate::lint::wit_info::{WorldInfo, world_info};
use crate::lint::{Context, Rule, RuleInfo, Sink, SourceFile};

pub static INFO: RuleInfo = RuleInfo {
    id: "manual-func-wrap",
    default_level: RuleLevel::Warn,
    summary: "hand-written component linker registration for an interface a `bindgen!` world covers",
    docs: r#"### What it does
Finds `linker.root().func_wrap("f", ..)` and `linker.instance("ns:pkg/iface")?.func_wrap("f",
..)` (also through a `let` binding, and `func_new`/`func_wrap_async`) when a
`wasmtime::component::bindgen!` world in the same crate imports that interface or root function
and `f` is one of its functions. Registrations for other names, and the core-module
`wasmtime::Linker::func_wrap(module, name, f)`, are not flagged. An interface that a
`bindgen!` of the crate remaps with `with: { .. }` is not considered covered, even when
another world imports it too: a linker instance name does not say which world it serves.

### Why is this bad
`bindgen!` already generates `add_to_linker` for every import of the world, with signatures
checked against the WIT at compile time. A hand-written registration duplicates it (adding
both fails at runtime with a "defined twice" error) and drifts silently when the WIT changes:
a wrong signature is only found when a component is instantiated.

### Example
```rust
wasmtime::component::bindgen!("runtime-host");

linker
    .instance("airssys:core/logging")?
    .func_wrap("log", |_store, (msg,): (String,)| { println!("{msg}"); Ok(()) })?;
```

### Use instead
```rust
impl airssys::core::logging::Host for State {
    fn log(&mut self, msg: String) { println!("{msg}"); }
}
RuntimeHost::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)?;
```
"#,
};

pub struct ManualFuncWrap;

struct Covering<'a> {
    file: &'a SourceFile,
    /// The target the bindings live in ([`target_of`]).
    target: Option<&'a Path>,
    range: std::ops::Range<usize>,
    info: WorldInfo,
    with_keys: &'a [String],
}

impl Rule for ManualFuncWrap {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for pi in 0..cx.packages.len() {
            let worlds: Vec<Covering> = cx
                .host_worlds(pi)
                .map(|(file, b, package, world)| Covering {
                    file,
                    target: target_of(file),
                    range: b.path_range.clone(),
                    info: world_info(package, world),
                    with_keys: &b.args.with_keys,
                })
                .collect();
            if worlds.is_empty() {
                continue;
            }
            for file in cx.package_files(pi) {
                let target = target_of(file);
                // Bindings in the lib or a bin are visible to every target (tests and
                // examples use the lib); an example's or a test's only to itself.
                let visible: Vec<&Covering> = worlds
                    .iter()
                    .filter(|w| w.target.is_none() || w.target == target)
                    .collect();
                for r in &file.facts.registrations {
                    let Some((w, what, module)) = covering(&visible, &r.target, &r.func) else {
                        continue;
                    };
                    let camel = w.info.name.to_upper_camel_case();
                    let target_text = match &r.target {
                        LinkTarget::Root => "the world's root".to_string(),
                        LinkTarget::Instance(name) => format!("`{name}`"),
                    };
                    let mut d = sink
                        .diag(format!(
                            "`{}` of {target_text} is registered by hand although `bindgen!` world `{}` covers it",
                            r.func, w.info.name
                        ))
                        .primary(file.label(r.range.clone()).with_message(format!(
                            "manual `{}` registration",
                            r.method
                        )))
                        .secondary(
                            file.label(r.target_range.clone())
                                .with_message(format!("{what} is imported by world `{}`", w.info.name)),
                        )
                        .secondary(w.file.label(w.range.clone()).with_message(format!(
                            "this world generates `add_to_linker` for {what}"
                        )));
                    d = d.help(match module {
                        Some(m) => format!(
                            "implement `{m}::Host` and call `{m}::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)?` (or `{camel}::add_to_linker` for the whole world)"
                        ),
                        None => format!(
                            "implement `{camel}Imports` and call `{camel}::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s)?`"
                        ),
                    });
                    d = d.note(
                        "a hand-written signature is checked only when a component is instantiated; the generated one is checked against the WIT at compile time",
                    );
                    sink.emit_anchored(d, &r.anchors);
                }
            }
        }
    }
}

/// The world that covers `func` of `target`, a description of what, and the Rust module of
/// the interface.
fn covering<'a>(
    worlds: &[&'a Covering<'a>],
    target: &LinkTarget,
    func: &str,
) -> Option<(&'a Covering<'a>, String, Option<String>)> {
    // A world that remaps the interface with `with:` leaves its registration to the user
    // (grafbase maps a WIT interface to a module whose `add_to_linker` does nothing and
    // registers it by hand, to read guest strings in place). A linker instance name does
    // not say which world it is for, so another world importing the same interface does
    // not make that registration redundant.
    if let LinkTarget::Instance(name) = target
        && worlds
            .iter()
            .any(|w| w.with_keys.iter().any(|k| remapped(name, k)))
    {
        return None;
    }
    for &w in worlds {
        match target {
            LinkTarget::Root => {
                if w.info.root_functions.iter().any(|f| f == func) {
                    return Some((w, format!("root function `{func}`"), None));
                }
            }
            LinkTarget::Instance(name) => {
                let hit = w
                    .info
                    .imports
                    .iter()
                    .find(|(iface, funcs)| iface == name && funcs.iter().any(|f| f == func));
                if hit.is_some() {
                    return Some((w, format!("interface `{name}`"), Some(rust_module(name))));
                }
            }
        }
    }
    None
}

/// `None` for the package's lib and bins; else the test, example or bench (or build script)
/// whose module tree holds the file, named by its crate root.
fn target_of(file: &SourceFile) -> Option<&Path> {
    file.target
        .as_ref()
        .filter(|t| !t.kind.is_main())
        .map(|t| t.root.as_path())
}

/// `with` keys are a namespace, a package or an interface (`wasi`, `wasi:io`, `wasi:io/poll`).
fn remapped(interface: &str, key: &str) -> bool {
    interface == key
        || interface
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with([':', '/', '@']))
}

/// `ns:pkg/iface@1.0.0` -> `ns::pkg::iface`.
fn rust_module(interface: &str) -> String {
    let base = interface.split('@').next().unwrap_or(interface);
    base.split([':', '/'])
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("::")
}
