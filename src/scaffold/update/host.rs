//! `airssys-gen host --update`: the host side of [`super`]. The generator owns the stub files
//! under `src/host/` and the `with:` entries of `bindgen!` in `src/bindings.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenTree};
use quote::ToTokens;
use wit_parser::WorldId;

use syn::visit::Visit;

use super::{
    MacroSettings, Parsed, Plan, Side, UpdateError, UpdateOptions, find_macro, insert_before_close,
    insert_lines_before, macro_options, one_line, texts,
};
use crate::scaffold::host::Execution;
use crate::wit::{Features, WitPackage};

/// Updates the host crate at `opts.dir`.
pub fn update(opts: &UpdateOptions) -> Result<super::Report, UpdateError> {
    super::run::<Host>(opts)
}

/// True when `dir` looks like a host crate this tool generated (it has `src/bindings.rs`).
pub fn is_host_crate(dir: &Path) -> bool {
    dir.join("src/bindings.rs").is_file()
}

struct Host;

impl Side for Host {
    /// The runner registers imports with the generated `add_to_linker`: the world's when
    /// nothing is mapped onto wasmtime-wasi, else one call per interface of the world's own.
    /// When the WIT changes which of the two applies, or adds an interface to the second, the
    /// runner's calls are reported (the runner is the user's code; it is never edited).
    fn checks(
        package: &WitPackage,
        world: WorldId,
        settings: &MacroSettings,
        user: &BTreeMap<PathBuf, Parsed>,
        plan: &mut Plan,
    ) -> Result<(), UpdateError> {
        wasmtime_features(package, world, settings, plan);
        let main_rs = Path::new("src/main.rs");
        let Some(main) = user.get(main_rs) else {
            return Ok(());
        };
        let files = crate::scaffold::host::generate(package, world, "host", settings.execution)?;
        let Some(text) = texts(files, |path| path == main_rs).remove(main_rs) else {
            return Ok(());
        };
        let expected = Parsed::parse(main_rs.to_path_buf(), text)?;
        let ours = registrations(&expected);
        let theirs = registrations(main);
        let Some(first) = theirs.first() else {
            // A runner rewritten without the generated registration: not ours to judge.
            return Ok(());
        };
        let list = ours
            .iter()
            .map(|r| format!("    {}?;", r.text))
            .collect::<Vec<_>>()
            .join("\n");
        let mut stale = false;
        for r in &theirs {
            if !ours.iter().any(|o| o.path == r.path) {
                stale = true;
                plan.problem(main.problem(
                    r.span,
                    format!(
                        "`{}` no longer fits the world (it now imports WASI, mapped onto wasmtime-wasi, or stopped doing so); register the imports as the generator now does:\n{list}",
                        r.path
                    ),
                ));
            }
        }
        for o in &ours {
            // After a stale call the full list is already in its report.
            if !stale && !theirs.iter().any(|r| r.path == o.path) {
                plan.problem(main.problem(
                    first.span,
                    format!(
                        "`{}` is not registered, so instantiation will fail on its imports; add next to this registration:\n    {}?;",
                        o.path, o.text
                    ),
                ));
            }
        }
        Ok(())
    }

    const NAME: &'static str = "host";
    const MACRO_FILE: &'static str = "src/bindings.rs";
    const MACRO: &'static str = "bindgen";
    const OPTIONS: &'static [&'static str] = &[
        "path",
        "world",
        "with",
        "require_store_data_send",
        "additional_derives",
        "imports",
        "exports",
    ];

    /// `imports` and `exports` only with the flags this tool writes (`async`, `tracing`) and
    /// `verbose_tracing`, none of which changes a host trait.
    fn unsupported_option(mac: &syn::Macro) -> Option<String> {
        macro_options(mac).into_iter().find(|o| match o.as_str() {
            "imports" => default_flags(mac, o).is_none_or(|flags| {
                !flags
                    .iter()
                    .all(|f| ["async", "tracing", "verbose_tracing"].contains(&f.as_str()))
            }),
            "exports" => option_value(mac, o).as_deref() != Some("{default:async}"),
            _ => !Self::OPTIONS.contains(&o.as_str()),
        })
    }

    /// wasmtime's `bindgen!` parses with every feature on; `imports: { default: async }`
    /// (with `| tracing` or not) makes the host async.
    fn settings(mac: Option<&syn::Macro>) -> MacroSettings {
        let asynchronous = mac.is_some_and(|m| {
            default_flags(m, "imports").is_some_and(|flags| flags.iter().any(|f| f == "async"))
        });
        MacroSettings {
            features: Features::all(),
            execution: if asynchronous {
                Execution::Async
            } else {
                Execution::Sync
            },
        }
    }

    fn expected(
        package: &WitPackage,
        world: WorldId,
        settings: &MacroSettings,
    ) -> Result<BTreeMap<PathBuf, String>, UpdateError> {
        // The crate name only reaches Cargo.toml and the README, which we do not touch.
        let files = crate::scaffold::host::generate(package, world, "host", settings.execution)?;
        Ok(texts(files, |path| path.starts_with("src/host")))
    }

    fn is_bindings(path: &[String]) -> bool {
        path.first().is_some_and(|s| s == "bindings")
    }

    /// `with:` entries for new resources (and WASI packages), and `require_store_data_send`
    /// when WASI newly needs it. Entries that map a WIT item away that no longer exists are
    /// problems: `bindgen!` rejects unused `with` keys.
    fn macro_edits(
        package: &WitPackage,
        world: WorldId,
        settings: &MacroSettings,
        _expected: &BTreeMap<PathBuf, Parsed>,
        file: &Parsed,
        plan: &mut Plan,
    ) -> Result<(), UpdateError> {
        let host_plan = crate::scaffold::host::plan(package, world, settings.execution)?;
        let opts = &host_plan.options;
        let Some(mac) = find_macro(file, "bindgen") else {
            return Ok(());
        };
        let Some(TokenTree::Group(outer)) = mac.tokens.clone().into_iter().next() else {
            return Ok(());
        };
        let tokens: Vec<TokenTree> = outer.stream().into_iter().collect();
        let with_group = tokens.windows(3).find_map(|w| match w {
            [
                TokenTree::Ident(i),
                TokenTree::Punct(p),
                TokenTree::Group(g),
            ] if i == "with" && p.as_char() == ':' && g.delimiter() == Delimiter::Brace => {
                Some(g.clone())
            }
            _ => None,
        });
        let has_send = tokens
            .iter()
            .any(|t| matches!(t, TokenTree::Ident(i) if i == "require_store_data_send"));

        // Existing `with:` keys with the key's span and the mapped path's text.
        let mut existing: Vec<(String, proc_macro2::Span, String)> = Vec::new();
        if let Some(g) = &with_group {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            for (i, t) in inner.iter().enumerate() {
                if let TokenTree::Literal(l) = t
                    && matches!(inner.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && let Ok(key) = syn::parse2::<syn::LitStr>(l.to_token_stream())
                {
                    let value: String = inner[i + 2..]
                        .iter()
                        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                        .map(|t| t.to_string())
                        .collect();
                    existing.push((key.value(), l.span(), value));
                }
            }
        }

        let rel = file.rel.clone();
        let missing: Vec<(&String, &String)> = opts
            .with
            .iter()
            .filter(|(k, _)| !existing.iter().any(|(e, _, _)| e == *k))
            .collect();
        for (key, _, value) in &existing {
            // Only entries this tool writes: resources mapped onto a stub file's struct.
            if !opts.with.contains_key(key) && value.starts_with("crate::host::") {
                plan.problem(file.problem(
                    existing
                        .iter()
                        .find(|(k, _, _)| k == key)
                        .map(|(_, s, _)| *s)
                        .expect("listed"),
                    format!(
                        "`with:` entry \"{key}\" names a WIT item that no longer exists, and `bindgen!` rejects unused `with` keys; delete the entry"
                    ),
                ));
            }
        }
        if !missing.is_empty() {
            let entries: String = missing
                .iter()
                .map(|(k, v)| crate::scaffold::host::with_entry(k, v))
                .collect();
            for (k, _) in &missing {
                plan.change(&rel, format!("add `with:` entry \"{k}\""));
            }
            match &with_group {
                Some(g) => insert_lines_before(file, plan, g.span_close(), 2, entries),
                None => insert_before_close(
                    file,
                    mac,
                    plan,
                    crate::scaffold::host::with_block(missing.iter().map(|(k, v)| (*k, *v))),
                ),
            }
        }
        if opts.require_store_data_send && !has_send {
            plan.change(&rel, "add `require_store_data_send: true`".to_string());
            insert_before_close(
                file,
                mac,
                plan,
                crate::scaffold::host::SEND_OPTION.to_string(),
            );
        }
        Ok(())
    }
}

/// Features the WIT now needs in a Cargo.toml that lists wasmtime's (`default-features = false`,
/// as generated): e.g. `component-model-async` once the world has an `async func`, without
/// which `bindgen!` cannot name `Accessor`. A crate on wasmtime's default features has them all.
fn wasmtime_features(
    package: &WitPackage,
    world: WorldId,
    settings: &MacroSettings,
    plan: &mut Plan,
) {
    let Some(dir) = plan.dir.clone() else {
        return;
    };
    let Ok(old) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return;
    };
    let Ok(mut doc) = old.parse::<toml_edit::DocumentMut>() else {
        return;
    };
    let needed = crate::scaffold::host::extra_wasmtime_features(
        package,
        world,
        settings.execution.is_async(),
    );
    let Some(features) = doc
        .get_mut("dependencies")
        .and_then(|d| d.get_mut("wasmtime"))
        .and_then(|w| w.as_table_like_mut())
        .and_then(|t| t.get_mut("features"))
        .and_then(|f| f.as_array_mut())
    else {
        return;
    };
    let mut added = Vec::new();
    for f in needed {
        if !features.iter().any(|v| v.as_str() == Some(f)) {
            features.push(f);
            added.push(f);
        }
    }
    if added.is_empty() {
        return;
    }
    for f in &added {
        plan.change(
            Path::new("Cargo.toml"),
            format!("add wasmtime feature `{f}`"),
        );
    }
    plan.manifest = Some((old, doc.to_string()));
}

/// The value of option `name` in `bindgen!({ .. })`, as compact token text
/// (`{default:async}`).
fn option_value(mac: &syn::Macro, name: &str) -> Option<String> {
    let Some(TokenTree::Group(outer)) = mac.tokens.clone().into_iter().next() else {
        return None;
    };
    let tokens: Vec<TokenTree> = outer.stream().into_iter().collect();
    let start = tokens.windows(2).position(|w| {
        matches!(&w[0], TokenTree::Ident(i) if i == name)
            && matches!(&w[1], TokenTree::Punct(p) if p.as_char() == ':')
    })?;
    let value: String = tokens[start + 2..]
        .iter()
        .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .map(|t| t.to_string())
        .collect();
    // A trailing comma inside the braces is the same value.
    Some(value.replace([' ', '\n'], "").replace(",}", "}"))
}

/// A note for a host whose runner predates the runner's flags (no `src/guard.rs`): `--update`
/// never rewrites `src/main.rs`, so it says how to adopt them.
pub fn runner_note(dir: &Path) -> Option<String> {
    let src = dir.join("src");
    (src.join("main.rs").is_file() && !src.join("guard.rs").exists()).then(|| {
        format!(
            "note: the runner in {} predates the runner's limits (--max-memory, --deadline, --fuel), \
             --invoke, --list, --trace and WASI grants (--dir, --env); --update leaves src/main.rs to \
             you. To adopt them, generate a host into an empty directory and copy its src/main.rs, \
             src/cli.rs, src/guard.rs, src/invoke.rs, src/trace.rs and the wasmtime `wave`, \
             `tracing` and `tracing-subscriber` dependencies, then add `limits` to HostState as in \
             its src/state.rs",
            dir.display()
        )
    })
}

/// The flags of `name: { default: a | b }` (`["a", "b"]`), or `None` for any other value.
fn default_flags(mac: &syn::Macro, name: &str) -> Option<Vec<String>> {
    let value = option_value(mac, name)?;
    let flags = value.strip_prefix("{default:")?.strip_suffix('}')?;
    Some(flags.split('|').map(str::to_string).collect())
}

/// A call of a generated `add_to_linker` in the runner.
struct Registration {
    /// `bindings::acme::kv::store::add_to_linker`, `crate::` stripped, generics dropped.
    path: String,
    span: proc_macro2::Span,
    /// The call on one line.
    text: String,
}

fn registrations(file: &Parsed) -> Vec<Registration> {
    struct Calls<'f> {
        file: &'f Parsed,
        out: Vec<Registration>,
    }
    impl<'a> Visit<'a> for Calls<'_> {
        fn visit_expr_call(&mut self, call: &'a syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "add_to_linker")
            {
                let segs: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .skip_while(|s| s == "crate")
                    .collect();
                self.out.push(Registration {
                    path: segs.join("::"),
                    span: p.path.segments[0].ident.span(),
                    text: one_line(&self.file.text[self.file.range(call)]),
                });
            }
            syn::visit::visit_expr_call(self, call);
        }
    }
    let mut calls = Calls {
        file,
        out: Vec::new(),
    };
    calls.visit_file(&file.file);
    calls.out
}
