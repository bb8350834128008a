//! `bindgen-wit-missing`.

use crate::diag::{Label, LineIndex, Span};
use crate::discover::syntax::BindgenUse;
use crate::lint::config::RuleLevel;
use crate::lint::wit_info::{self, WorldError};
use crate::lint::{Context, Rule, RuleInfo, Sink, SourceFile};
use crate::wit::WitError;

pub static INFO: RuleInfo = RuleInfo {
    id: "bindgen-wit-missing",
    default_level: RuleLevel::Error,
    summary: "a bindgen macro's WIT `path` is missing, its `world` unknown, or its WIT does not parse",
    docs: r#"### What it does
Reads the `path` and `world` arguments of `wasmtime::component::bindgen!` and
`wit_bindgen::generate!` (`"world"`, `"world" in "path"`, `{ world: .., path: .. }`,
`path: [..]`; the default path is `wit` next to `Cargo.toml`), loads that WIT with the same
parser the macros use, and reports a path that does not exist, a world the package does not
have (listing the worlds it has), or WIT that does not parse, at the WIT's own
file:line:col. WIT on which wit-parser itself panics (two `path: [..]` entries defining
the same package) is reported too: the macros stop on the same panic. Inline WIT
(`inline: ".."`) and non-literal paths are not checked, nor a call with an option neither
macro has ever taken (a fork's, such as isyswasfa's `isyswasfa: ".."`, which makes worlds
of its own), nor WIT whose `deps/` a tool fetches at build time (`wit-deps-not-fetched`),
that a checkout lacks by design (`wit-not-checked-out`) or that is written in the dialect of an old
pinned release (`old-wit-dialect`).

### Why is this bad
The macro fails to expand, and the compiler error points at the whole macro call, from
inside a proc macro, often after a long build. Here it is found in milliseconds, at the
line that is wrong.

### Example
```rust
wasmtime::component::bindgen!({ world: "runtime-hots", path: "wit/core" });
```

### Use instead
```rust
wasmtime::component::bindgen!({ world: "runtime-host", path: "wit/core" });
```
"#,
};

pub struct BindgenWitMissing;

impl Rule for BindgenWitMissing {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for file in cx.files {
            for b in &file.facts.bindgen {
                check_use(cx, sink, file, b);
            }
        }
    }
}

fn check_use(cx: &Context<'_>, sink: &mut Sink, file: &SourceFile, b: &BindgenUse) {
    let root = cx.macro_root(file);
    let macro_label = || file.label(b.path_range.clone());
    let mut loaded = Vec::new();
    let mut failed = false;
    for d in wit_info::macro_dirs(&root, b) {
        let shown = (cx.display)(&d.dir);
        let at = |msg: String| match d.lit {
            Some(lit) => file.label(lit.range.clone()).with_message(msg),
            None => macro_label().with_message(msg),
        };
        let Some(load) = cx.wit.get(&d) else {
            continue;
        };
        if cx.unchecked.get(file, b, &d.dir).is_some() {
            // `wit-deps-not-fetched` or `old-wit-dialect` says why.
            failed = true;
            continue;
        }
        match load.as_ref() {
            Ok(p) => loaded.push(p),
            Err(WitError::NotFound(_)) => {
                failed = true;
                let what = match d.lit {
                    Some(lit) => format!("WIT path `{}` does not exist", lit.value),
                    None => "default WIT directory `wit` does not exist".to_string(),
                };
                let d = sink
                    .diag(what)
                    .primary(at(format!("`{shown}` not found")))
                    .note(format!(
                        "macro paths are relative to the crate root `{}`",
                        (cx.display)(&root)
                    ))
                    .help("create the directory, or point `path` at the WIT package");
                sink.emit_anchored(d, &b.anchors);
            }
            Err(WitError::Invalid(message)) => {
                failed = true;
                let headline = wit_info::error_headline(message);
                let mut d = sink.diag(format!("WIT does not parse: {headline}"));
                match wit_label(cx, sink, message) {
                    Some(l) => {
                        d = d
                            .primary(l)
                            .secondary(at(format!("WIT loaded from `{shown}` here")));
                        sink.emit(d);
                    }
                    None => {
                        d = d.primary(at(format!("loading `{shown}` fails")));
                        for line in message.lines().skip(1) {
                            if !line.trim().is_empty() {
                                d = d.note(line.trim().to_string());
                            }
                        }
                        sink.emit_anchored(d, &b.anchors);
                    }
                }
            }
            Err(other) => {
                failed = true;
                let d = sink
                    .diag(format!("cannot load WIT: {other}"))
                    .primary(at(format!("`{shown}`")));
                sink.emit_anchored(d, &b.anchors);
            }
        }
    }
    if failed || loaded.is_empty() || b.args.inline {
        return;
    }
    let world = b.args.world.as_ref();
    match wit_info::select_world(&loaded, world.map(|w| w.value.as_str())) {
        Ok(_) => {}
        Err(WorldError::Unknown { name, available }) => {
            let package = loaded
                .iter()
                .map(|p| p.package_name())
                .collect::<Vec<_>>()
                .join("`, `");
            let label = match world {
                Some(w) => file.label(w.range.clone()),
                None => macro_label(),
            };
            let d = sink
                .diag(format!("world `{name}` not found in package `{package}`"))
                .primary(label.with_message("unknown world"))
                .note(list(&available));
            sink.emit_anchored(d, &b.anchors);
        }
        Err(WorldError::Ambiguous { available }) => {
            let d = sink
                .diag(format!(
                    "package `{}` has several worlds and the macro names none",
                    loaded.last().map(|p| p.package_name()).unwrap_or_default()
                ))
                .primary(macro_label().with_message("no `world` given"))
                .note(list(&available))
                .help("add `world: \"name\"`");
            sink.emit_anchored(d, &b.anchors);
        }
        Err(WorldError::None) => {
            let d = sink
                .diag(format!(
                    "package `{}` defines no world",
                    loaded.last().map(|p| p.package_name()).unwrap_or_default()
                ))
                .primary(macro_label().with_message("needs a world"));
            sink.emit_anchored(d, &b.anchors);
        }
        Err(WorldError::Load) => {}
    }
}

fn list(available: &[String]) -> String {
    if available.is_empty() {
        "the package defines no worlds".to_string()
    } else {
        format!("available worlds: `{}`", available.join("`, `"))
    }
}

/// A label at the `--> file:line:col` of a wit-parser error, spanning the token there.
fn wit_label(cx: &Context<'_>, sink: &mut Sink, message: &str) -> Option<Label> {
    let (path, line, col) = wit_info::error_location(message)?;
    let text = cx.read_text(&path)?;
    let index = LineIndex::new(&text);
    // wit-parser's column is a 1-based byte column, not a char column.
    let line_range = index.line_range(&text, line);
    let start = (line_range.start + col.saturating_sub(1)).min(line_range.end);
    let start = if text.is_char_boundary(start) {
        start
    } else {
        line_range.start
    };
    let rest = &text[start..];
    let len = rest
        .char_indices()
        .find(|(_, c)| {
            c.is_whitespace() || matches!(c, ';' | ',' | '(' | ')' | '{' | '}' | ':' | '<' | '>')
        })
        .map_or(rest.len(), |(i, _)| i)
        .max(rest.chars().next().map_or(0, char::len_utf8));
    let span = Span::from_range(&text, start..start + len);
    let shown = (cx.display)(&path);
    sink.source(shown.clone(), text.clone());
    Some(Label::new(shown, Some(span), Some("here".to_string())))
}
