//! The arguments of a bindgen macro call that concern WIT.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::Lit;

use super::{LitLoc, Locator, MacroArgs};

/// Reads `path`/`world`/`inline`/.. from a macro's tokens. Mirrors the grammar both macros
/// accept: `()`, `("world")`, `("world" in "path")`, `({ key: value, .. })`.
/// `loc` turns literal spans into byte ranges; without it ranges are empty.
pub(super) fn parse_args(tokens: TokenStream, loc: Option<&Locator<'_>>) -> MacroArgs {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let mut args = MacroArgs {
        understood: true,
        ..MacroArgs::default()
    };
    match tts.as_slice() {
        [] => {}
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
            parse_fields(g.stream(), loc, &mut args);
        }
        [TokenTree::Literal(world)] => match lit_str(world, loc) {
            Some(w) => args.world = Some(w),
            None => args.understood = false,
        },
        [
            TokenTree::Literal(world),
            TokenTree::Ident(kw),
            TokenTree::Literal(path),
        ] if kw == "in" => match (lit_str(world, loc), lit_str(path, loc)) {
            (Some(w), Some(p)) => {
                args.world = Some(w);
                args.paths.push(p);
            }
            _ => args.understood = false,
        },
        _ => args.understood = false,
    }
    args
}

fn parse_fields(stream: TokenStream, loc: Option<&Locator<'_>>, args: &mut MacroArgs) {
    let mut fields: Vec<Vec<TokenTree>> = vec![Vec::new()];
    for tt in stream {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => fields.push(Vec::new()),
            _ => fields.last_mut().expect("never empty").push(tt),
        }
    }
    for field in fields {
        let [TokenTree::Ident(key), TokenTree::Punct(colon), value @ ..] = field.as_slice() else {
            continue;
        };
        if colon.as_char() != ':' {
            continue;
        }
        match (key.to_string().as_str(), value) {
            ("world", [TokenTree::Literal(l)]) => args.world = lit_str(l, loc),
            ("path", [TokenTree::Literal(l)]) => match lit_str(l, loc) {
                Some(p) => args.paths.push(p),
                None => args.dynamic_path = true,
            },
            ("path", [TokenTree::Group(g)]) if g.delimiter() == Delimiter::Bracket => {
                for tt in g.stream() {
                    match tt {
                        TokenTree::Literal(l) => match lit_str(&l, loc) {
                            Some(p) => args.paths.push(p),
                            None => args.dynamic_path = true,
                        },
                        TokenTree::Punct(p) if p.as_char() == ',' => {}
                        _ => args.dynamic_path = true,
                    }
                }
            }
            ("path", _) => args.dynamic_path = true,
            ("inline" | "interfaces", _) => args.inline = true,
            ("export_macro_name", [TokenTree::Literal(l)]) => {
                args.export_macro_name = lit_str(l, loc).map(|l| l.value);
            }
            ("pub_export_macro", [TokenTree::Ident(b)]) => args.pub_export_macro = b == "true",
            ("all_features", [TokenTree::Ident(b)]) => args.all_features = b == "true",
            ("features", [TokenTree::Group(g)]) if g.delimiter() == Delimiter::Bracket => {
                for tt in g.stream() {
                    if let TokenTree::Literal(l) = tt
                        && let Some(f) = lit_str(&l, loc)
                    {
                        args.features.push(f.value);
                    }
                }
            }
            ("with", [TokenTree::Group(g)]) if g.delimiter() == Delimiter::Brace => {
                let mut expect_key = true;
                for tt in g.stream() {
                    match tt {
                        TokenTree::Literal(l) if expect_key => {
                            if let Some(k) = lit_str(&l, loc) {
                                args.with_keys.push(k.value);
                            }
                            expect_key = false;
                        }
                        TokenTree::Punct(p) if p.as_char() == ',' => expect_key = true,
                        _ => {}
                    }
                }
            }
            (other, _) if !KNOWN_OPTIONS.contains(&other) => args.understood = false,
            _ => {}
        }
    }
}

/// Every option either macro has taken in the releases still in use (wasmtime's `bindgen!`
/// and wit-bindgen's `generate!`, old and new spellings together). A call with any other
/// option is a fork's macro (isyswasfa's wit-bindgen adds `isyswasfa: ".."`, which also
/// makes worlds of its own): what it reads and generates is unknown, so it is not checked.
const KNOWN_OPTIONS: &[&str] = &[
    // Both.
    "world",
    "path",
    "inline",
    "with",
    "ownership",
    "additional_derives",
    "imports",
    "exports",
    "debug",
    "async",
    "features",
    "all_features",
    // wasmtime's `bindgen!`.
    "tracing",
    "verbose_tracing",
    "trappable_error_type",
    "trappable_imports",
    "interfaces",
    "named_imports",
    "except_imports",
    "only_imports",
    "only_interfaces",
    "stringify",
    "skip_mut_forwarding_impls",
    "require_store_data_send",
    "wasmtime_crate",
    "anyhow",
    "include_generated_code_from_file",
    "include_component_type",
    "store",
    "trappable",
    "exact",
    "concurrent_imports",
    "concurrent_exports",
    "duplicate_if_necessary",
    // wit-bindgen's `generate!`.
    "std_feature",
    "raw_strings",
    "skip",
    "runtime_path",
    "map_type",
    "bitflags_path",
    "stubs",
    "export_prefix",
    "additional_derives_ignore",
    "additional_type_attributes",
    "additional_member_attributes",
    "generate_all",
    "type_section_suffix",
    "disable_run_ctors_once_workaround",
    "default_bindings_module",
    "export_macro_name",
    "pub_export_macro",
    "generate_unused_types",
    "disable_custom_section_link_helpers",
    "chainable_methods",
    "enable_method_chaining",
    "sync",
    "merge_structurally_equal_types",
    "macro_export",
    "macro_call_prefix",
    "unchecked",
    "no_std",
    "default",
    "replace_std",
];

fn lit_str(lit: &proc_macro2::Literal, loc: Option<&Locator<'_>>) -> Option<LitLoc> {
    match Lit::new(lit.clone()) {
        Lit::Str(s) => Some(LitLoc {
            value: s.value(),
            range: loc.map_or(0..0, |loc| loc.range(lit.span())),
        }),
        _ => None,
    }
}
