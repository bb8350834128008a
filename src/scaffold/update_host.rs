//! `airssys-gen host --update`: the host side of [`super`]. The generator owns the stub files
//! under `src/host/` and the `with:` entries of `bindgen!` in `src/bindings.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenTree};
use quote::ToTokens;
use wit_parser::WorldId;

use super::{Parsed, Plan, Side, UpdateError, UpdateOptions, find_macro};
use crate::wit::WitPackage;

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
    const NAME: &'static str = "host";
    const MACRO_FILE: &'static str = "src/bindings.rs";
    const MACRO: &'static str = "bindgen";

    fn expected(
        package: &WitPackage,
        world: WorldId,
    ) -> Result<BTreeMap<PathBuf, String>, UpdateError> {
        // The crate name only reaches Cargo.toml and the README, which we do not touch.
        let files = crate::scaffold::host::generate(package, world, "host")?;
        Ok(files
            .files
            .into_iter()
            .filter(|(path, _)| path.starts_with("src/host"))
            .map(|(path, bytes)| {
                let text = String::from_utf8(bytes).expect("generated Rust is UTF-8");
                (path, text)
            })
            .collect())
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
        file: &Parsed,
        plan: &mut Plan,
    ) -> Result<(), UpdateError> {
        let host_plan = crate::scaffold::host::plan(package, world)?;
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
                .map(|(k, v)| format!("        \"{k}\": {v},\n"))
                .collect();
            for (k, _) in &missing {
                plan.change(&rel, format!("add `with:` entry \"{k}\""));
            }
            match &with_group {
                Some(g) => {
                    let close = file.offset(g.span_close().start());
                    let start = file.line_start(close);
                    if file.text[start..close].trim().is_empty() {
                        plan.insert(&rel, start, 2, entries);
                    } else {
                        plan.insert(&rel, close, 2, format!("\n{entries}"));
                    }
                }
                None => insert_before_close(
                    file,
                    &outer,
                    plan,
                    format!("    with: {{\n{entries}    }},\n"),
                ),
            }
        }
        if opts.require_store_data_send && !has_send {
            plan.change(&rel, "add `require_store_data_send: true`".to_string());
            insert_before_close(
                file,
                &outer,
                plan,
                "    // wasmtime-wasi's bindings need `Send` store data.\n    require_store_data_send: true,\n"
                    .to_string(),
            );
        }
        Ok(())
    }
}

/// Inserts option lines before the closing brace of `bindgen!({ ... })`.
fn insert_before_close(file: &Parsed, outer: &proc_macro2::Group, plan: &mut Plan, text: String) {
    let close = file.offset(outer.span_close().start());
    let start = file.line_start(close);
    if file.text[start..close].trim().is_empty() {
        plan.insert(&file.rel, start, 4, text);
    } else {
        plan.insert(&file.rel, close, 4, format!("\n{text}"));
    }
}
