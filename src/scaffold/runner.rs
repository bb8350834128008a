//! `src/main.rs` of a host crate: load a component, link WASI and the world's imports through
//! the generated `add_to_linker`, instantiate, and call every export in declaration order.
//!
//! Export calls and their argument types are read from wasmtime's generated code (the
//! `call_*` methods), so they are exactly what compiles. Arguments get sample values built
//! from the generated type definitions (records field by field, the first case of variants,
//! empty lists, `None`, `Ok(..)`); exports that need a resource handle get a commented example
//! instead, since no sample can be made up for them.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::visit::Visit;
use wit_parser::WorldId;

use super::host::HostPlan;
use crate::wit::WitPackage;

/// Items of every module of the generated bindings, by module path.
type Modules<'a> = BTreeMap<Vec<String>, Vec<&'a syn::Item>>;

/// One export call: a label for messages, the Rust expression that calls it.
struct ExportCall {
    label: String,
    /// `None` when an argument cannot be sampled (resources): emitted as a comment.
    call: Option<TokenStream>,
    example: String,
    /// The export returns nothing (`wasmtime::Result<()>`).
    returns_unit: bool,
    /// The result type implements `Debug` (std stops at 12-tuples).
    debug: bool,
}

pub fn main_rs(package: &WitPackage, world: WorldId, plan: &HostPlan) -> TokenStream {
    let file = &plan.bindings.file;
    // Imports linked by wasmtime-wasi or another WASI crate: the world's own `add_to_linker`
    // would register them again, or ask for stubs that do not exist.
    let uses_wasi = plan.options.maps_wasi() || !plan.crates.is_empty();
    let world_struct = format_ident!("{}", plan.bindings.world_struct);
    let mut modules = Modules::new();
    index_modules(&file.items, &mut Vec::new(), &mut modules);
    let world_id = super::world_id_string(package, world);
    let asynchronous = plan.options.asynchronous;
    let calls = export_calls(
        file,
        &plan.bindings.world_struct,
        &modules,
        &world_id,
        asynchronous,
    );
    // A world without imports has no generated `add_to_linker`.
    let has_imports = impl_methods(&file.items, &plan.bindings.world_struct)
        .iter()
        .any(|m| m.sig.ident == "add_to_linker");
    // Worlds with `@unstable` items: `add_to_linker` takes the generated `LinkOptions`,
    // built here with every feature on (wasmtime's bindgen! saw them all).
    let features = link_option_setters(&file.items);
    let module_has_options = |module: &[String]| {
        modules.get(module).is_some_and(|items| {
            items
                .iter()
                .any(|i| matches!(i, syn::Item::Struct(s) if s.ident == "LinkOptions"))
        })
    };
    let world_options = (!features.is_empty()).then(|| quote! { &link_options, });
    let make_options = (!features.is_empty()).then(|| {
        let setters = features.iter().map(|f| format_ident!("{}", f));
        quote! {
            __comment!("Every `@unstable` feature of the world, enabled.");
            let mut link_options = bindings::LinkOptions::default();
            link_options #(.#setters(true))*;
        }
    });
    let link_imports = if !has_imports {
        quote! { __comment!("The world imports nothing, so there is no generated `add_to_linker` to call."); }
    } else if uses_wasi {
        // The world's own `add_to_linker` would register the WASI interfaces again (they are
        // mapped onto wasmtime-wasi, which `add_to_linker_sync` already linked), so register
        // the world's other imports one by one, still through generated code.
        let per_import = plan.bindings.imports.iter().map(|i| {
            if i.module.is_empty() {
                quote! { #world_struct::add_to_linker_imports::<HostState, HasSelf<HostState>>(&mut linker, #world_options |state| state)?; }
            } else {
                let options = module_has_options(&i.module).then(|| quote! { &(&link_options).into(), });
                let path = i.module.iter().map(|m| format_ident!("{}", m));
                quote! { bindings::#(#path::)*add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, #options |state| state)?; }
            }
        });
        quote! {
            #make_options
            __comment!("The world's own imports, through the generated registration (never `func_wrap`).");
            #(#per_import)*
        }
    } else {
        quote! {
            #make_options
            __comment!("Every imported interface, through the generated registration (never `func_wrap`).");
            #world_struct::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, #world_options |state| state)?;
        }
    };
    let has_self = (has_imports && !(uses_wasi && plan.bindings.imports.is_empty()))
        .then(|| quote! { HasSelf, });

    let steps = calls.iter().map(|c| {
        let context = format!("calling `{}`", c.label);
        // Each call gets the full deadline and fuel; a limit it hits is named in the error.
        let checked = |call: &TokenStream| {
            quote! { #call.map_err(|e| guard::explain(e, #context, options))? }
        };
        match &c.call {
            Some(call) if c.returns_unit => {
                let done = format!("{} -> ok", c.label);
                let call = checked(call);
                quote! {
                    guard::arm(&mut store, options)?;
                    #call;
                    println!(#done);
                }
            }
            Some(call) if !c.debug => {
                let done = format!(
                    "{} -> returned (a tuple too wide to print with {{{{:?}}}})",
                    c.label
                );
                let call = checked(call);
                quote! {
                    guard::arm(&mut store, options)?;
                    let _result = #call;
                    println!(#done);
                }
            }
            Some(call) => {
                let done = format!("{} -> {{result:?}}", c.label);
                let call = checked(call);
                quote! {
                    guard::arm(&mut store, options)?;
                    let result = #call;
                    println!(#done);
                }
            }
            None => {
                let note = format!(
                    "`{}` needs a resource handle; call it yourself, e.g.:\n    {}",
                    c.label, c.example
                );
                quote! { __comment!(#note); }
            }
        }
    });
    // Without any callable export `world` would be unused.
    let keep_world = calls
        .iter()
        .all(|c| c.call.is_none())
        .then(|| quote! { let _ = world; });
    let (main_fn, run_fn, wasi_link, instantiate, call_invoked) = if asynchronous {
        (
            async_main(false),
            quote! { async fn run(options: &Options) },
            quote! { wasmtime_wasi::p2::add_to_linker_async(&mut linker)?; },
            quote! { linker.instantiate_async(&mut store, &component).await },
            quote! { func.call_async(&mut store, &call.params, &mut results).await },
        )
    } else {
        (
            sync_main(),
            quote! { fn run(options: &Options) },
            quote! { wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?; },
            quote! { linker.instantiate(&mut store, &component) },
            quote! { func.call(&mut store, &call.params, &mut results) },
        )
    };
    let crate_links: Vec<TokenStream> = plan
        .crates
        .iter()
        .map(|c| {
            let call = if asynchronous { c.link.1 } else { c.link.0 };
            let doc = format!(
                "`wasi:{}`, implemented by the crate of the wasmtime release.",
                c.package
            );
            let call: TokenStream = call.parse().expect("link calls are valid Rust");
            quote! { __comment!(#doc); #call }
        })
        .collect();
    let crate_links = quote! { #(#crate_links)* };
    if let Some(accessor) = plan.http_handler() {
        let linking = super::serve::Linking {
            has_self,
            world_struct: plan.bindings.world_struct.clone(),
            links: quote! { #wasi_link #crate_links #link_imports },
        };
        return super::serve::main_rs(&linking, &accessor, async_main(true));
    }
    let doc = if asynchronous {
        " Runner: instantiates a component and calls its exports, async on tokio."
    } else {
        " Runner: instantiates a component and calls its exports."
    };
    quote! {
        #![doc = #doc]

        mod bindings;
        mod cli;
        mod guard;
        mod host;
        mod invoke;
        mod state;
        mod trace;

        use std::process::ExitCode;

        use wasmtime::component::{Component, #has_self Linker};
        use wasmtime::error::Context;
        use wasmtime::{Config, Engine};

        use bindings::#world_struct;
        use cli::Options;
        use state::HostState;

        #main_fn

        #run_fn -> wasmtime::Result<()> {
            let mut config = Config::new();
            __comment!("Errors stay one line: a trap reads `calling `<export>`: wasm trap: ...`.\nFor a wasm backtrace, allow frames here (and build the guest without `strip`).");
            config.wasm_backtrace_max_frames(None);
            guard::configure(&mut config, options);
            let engine = Engine::new(&config)?;
            let path = &options.component;
            let component = Component::from_file(&engine, path)
                .with_context(|| format!("loading component `{}`", path.display()))?;
            if options.list {
                invoke::list(&engine, &component);
                return Ok(());
            }
            __comment!("An `--invoke` is checked against the component's types before anything runs.");
            let invocation = options
                .invoke
                .as_deref()
                .map(|text| invoke::Invocation::parse(&engine, &component, text))
                .transpose()?;
            if options.trace {
                trace::start();
            }
            guard::start_clock(&engine, options);

            let mut linker = Linker::<HostState>::new(&engine);
            __comment!("WASI: components built for wasm32-wasip2 import it through std.");
            #wasi_link
            #crate_links
            #link_imports

            __comment!("The store: WASI as the command line grants it, limits on.");
            let mut store = guard::store(&engine, options)?;
            let instance = #instantiate
                .map_err(|e| guard::explain(e, "instantiating the component", options))?;
            if let Some(call) = invocation {
                let func = call.func(&mut store, &instance)?;
                let mut results = call.results();
                guard::arm(&mut store, options)?;
                #call_invoked
                    .map_err(|e| guard::explain(e, &format!("calling `{}`", call.label), options))?;
                let shown = invoke::show(&results);
                println!("{shown}");
                return Ok(());
            }
            let world = #world_struct::new(&mut store, &instance)?;
            __comment!("The exports, in WIT order, with sample arguments.");
            #(#steps)*
            #keep_world
            Ok(())
        }
    }
}

/// `main` of a sync runner: a host function still `todo!()` is reported, not a crash.
fn sync_main() -> TokenStream {
    let panic_message = panic_message_fn();
    quote! {
        fn main() -> ExitCode {
            let options = match Options::parse(std::env::args_os().skip(1), false) {
                Ok(options) => options,
                Err(exit) => return exit.report(),
            };
            __comment!("A host function still `todo!()` panics: report it as one message, not a crash.");
            std::panic::set_hook(Box::new(|_| {}));
            match std::panic::catch_unwind(|| run(&options)) {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Ok(Err(e)) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
                Err(panic) => {
                    let message = panic_message(&*panic);
                    eprintln!("error: host function panicked: {message}");
                    ExitCode::FAILURE
                }
            }
        }

        #panic_message
    }
}

/// `main` of an async runner: `run` is a tokio task, so a panicking host function ends the
/// task (reported as one message) instead of the process. `serve` picks the HTTP runner's
/// command line.
pub(super) fn async_main(serve: bool) -> TokenStream {
    let panic_message = panic_message_fn();
    quote! {
        #[tokio::main]
        async fn main() -> ExitCode {
            let options = match Options::parse(std::env::args_os().skip(1), #serve) {
                Ok(options) => options,
                Err(exit) => return exit.report(),
            };
            __comment!("A host function still `todo!()` panics: report it as one message, not a crash.");
            std::panic::set_hook(Box::new(|_| {}));
            match tokio::spawn(async move { run(&options).await }).await {
                Ok(Ok(())) => ExitCode::SUCCESS,
                Ok(Err(e)) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    match e.try_into_panic() {
                        Ok(panic) => {
                            let message = panic_message(&*panic);
                            eprintln!("error: host function panicked: {message}");
                        }
                        Err(e) => eprintln!("error: {e}"),
                    }
                    ExitCode::FAILURE
                }
            }
        }

        #panic_message
    }
}

/// The text of a panic payload.
fn panic_message_fn() -> TokenStream {
    quote! {
        fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string())
        }
    }
}

fn index_modules<'a>(items: &'a [syn::Item], path: &mut Vec<String>, out: &mut Modules<'a>) {
    out.entry(path.clone()).or_default().extend(items.iter());
    for item in items {
        if let syn::Item::Mod(m) = item
            && let Some((_, content)) = &m.content
        {
            path.push(m.ident.to_string());
            index_modules(content, path, out);
            path.pop();
        }
    }
}

/// Every `call_*` reachable from the world struct, in generation order: the world's own
/// exports first, then each exported interface through its accessor.
fn export_calls(
    file: &syn::File,
    world: &str,
    modules: &Modules,
    world_id: &str,
    asynchronous: bool,
) -> Vec<ExportCall> {
    let world_methods = impl_methods(&file.items, world);
    let mut calls = Vec::new();
    for m in &world_methods {
        if let Some(name) = m.sig.ident.to_string().strip_prefix("call_") {
            let label = format!("{world_id}.{}", name.replace('_', "-"));
            calls.push(export_call(
                &m.sig,
                quote! { world },
                &[],
                modules,
                label,
                asynchronous,
            ));
        }
    }
    for m in &world_methods {
        // Accessors: `fn ns_pkg_iface(&self) -> &exports::ns::pkg::iface::Guest`.
        let syn::ReturnType::Type(_, ty) = &m.sig.output else {
            continue;
        };
        let syn::Type::Reference(r) = &**ty else {
            continue;
        };
        let syn::Type::Path(p) = &*r.elem else {
            continue;
        };
        let segs: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segs.first().map(String::as_str) != Some("exports")
            || segs.last().map(String::as_str) != Some("Guest")
        {
            continue;
        }
        let module = segs[..segs.len() - 1].to_vec();
        let accessor = &m.sig.ident;
        let Some(items) = modules.get(&module) else {
            continue;
        };
        let instance = export_instance_name(items).unwrap_or_else(|| module.join("/"));
        let label_prefix = super::host_bindings::strip_version(&instance).to_string();
        for (res, ctor) in exported_resources(items) {
            let (wait, drop) = if asynchronous {
                (".await", "resource_drop_async(&mut store).await")
            } else {
                ("", "resource_drop(&mut store)")
            };
            let example = format!(
                "let {res} = world.{accessor}().{res}().call_constructor(&mut store, {}){wait}?;\n    \
                 // ... its `call_*` methods, then `{res}.{drop}?;`",
                ctor.join(", ")
            );
            calls.push(ExportCall {
                label: format!("{label_prefix}.{}", res.replace('_', "-")),
                call: None,
                example,
                returns_unit: false,
                debug: true,
            });
        }
        for gm in impl_methods_in(items, "Guest") {
            if let Some(name) = gm.sig.ident.to_string().strip_prefix("call_") {
                let label = format!("{label_prefix}.{}", name.replace('_', "-"));
                calls.push(export_call(
                    &gm.sig,
                    quote! { world.#accessor() },
                    &module,
                    modules,
                    label,
                    asynchronous,
                ));
            }
        }
    }
    calls
}

/// Exported resources of an interface module: (accessor name, constructor parameter types),
/// from the `Guest<Res>` wrappers wasmtime generates.
fn exported_resources(items: &[&syn::Item]) -> Vec<(String, Vec<String>)> {
    let guest_methods = impl_methods_in(items, "Guest");
    let mut out = Vec::new();
    for m in &guest_methods {
        let syn::ReturnType::Type(_, ty) = &m.sig.output else {
            continue;
        };
        let syn::Type::Path(p) = &**ty else { continue };
        let Some(last) = p.path.segments.last() else {
            continue;
        };
        let wrapper = last.ident.to_string();
        if wrapper == "Guest" || !wrapper.starts_with("Guest") {
            continue;
        }
        let ctor = impl_methods_in(items, &wrapper)
            .into_iter()
            .find(|f| f.sig.ident == "call_constructor")
            .map(|f| {
                f.sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        syn::FnArg::Typed(p) => Some(compact(&p.ty.to_token_stream().to_string())),
                        syn::FnArg::Receiver(_) => None,
                    })
                    .skip(1)
                    .collect()
            });
        if let Some(ctor) = ctor {
            out.push((m.sig.ident.to_string(), ctor));
        }
    }
    out
}

/// The instance name an exported interface is looked up by (`"ns:pkg/iface@1.0.0"`).
fn export_instance_name(items: &[&syn::Item]) -> Option<String> {
    struct Finder(Option<String>);
    impl<'a> Visit<'a> for Finder {
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            if self.0.is_none()
                && call.method == "get_export_index"
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                })) = call.args.iter().nth(1)
            {
                self.0 = Some(s.value());
            }
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_lit_str(&mut self, s: &'a syn::LitStr) {
            let v = s.value();
            if self.0.is_none() && v.contains(':') && v.contains('/') && !v.contains(' ') {
                self.0 = Some(v);
            }
        }
    }
    let mut f = Finder(None);
    for item in items {
        f.visit_item(item);
    }
    f.0
}

/// Methods of every `impl <name>` among `items`, including those inside `const _: () = {..}`.
pub(super) fn impl_methods(items: &[syn::Item], name: &str) -> Vec<syn::ImplItemFn> {
    let refs: Vec<&syn::Item> = items.iter().collect();
    impl_methods_in(&refs, name)
}

fn impl_methods_in(items: &[&syn::Item], name: &str) -> Vec<syn::ImplItemFn> {
    struct Finder<'n> {
        name: &'n str,
        out: Vec<syn::ImplItemFn>,
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_item_impl(&mut self, i: &'a syn::ItemImpl) {
            if i.trait_.is_none()
                && let syn::Type::Path(p) = &*i.self_ty
                && p.path.segments.len() == 1
                && p.path.segments[0].ident == self.name
            {
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        self.out.push(f.clone());
                    }
                }
            }
        }
        fn visit_item_mod(&mut self, _: &'a syn::ItemMod) {}
    }
    let mut f = Finder {
        name,
        out: Vec::new(),
    };
    for item in items {
        f.visit_item(item);
    }
    f.out
}

/// `receiver.call_x(&mut store, args..)`, or `None` plus an example when an argument can't be
/// sampled. Async hosts await it; a Component Model `async func` export takes an `Accessor`
/// and runs inside `store.run_concurrent` (its two `Result` layers joined).
fn export_call(
    sig: &syn::Signature,
    receiver: TokenStream,
    module: &[String],
    modules: &Modules,
    label: String,
    asynchronous: bool,
) -> ExportCall {
    let method = &sig.ident;
    let params: Vec<&syn::Type> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(p) => Some(&*p.ty),
            syn::FnArg::Receiver(_) => None,
        })
        .skip(1) // the store
        .collect();
    let args: Option<Vec<TokenStream>> = params
        .iter()
        .map(|t| sample(t, module, modules, 0))
        .collect();
    let concurrent = sig.inputs.iter().nth(1).is_some_and(|a| {
        matches!(a, syn::FnArg::Typed(p) if p.ty.to_token_stream().to_string().contains("Accessor"))
    });
    let wait = if asynchronous { ".await" } else { "" };
    let example = format!(
        "{}.{}(&mut store, {}){wait}",
        receiver.to_string().replace(' ', ""),
        method,
        params
            .iter()
            .map(|t| compact(&t.to_token_stream().to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let returns_unit =
        sig.output.to_token_stream().to_string().replace(' ', "") == "->wasmtime::Result<()>";
    ExportCall {
        label,
        returns_unit,
        debug: implements_debug(&sig.output),
        call: args.map(|args| {
            if concurrent {
                quote! {
                    store
                        .run_concurrent(async |accessor| #receiver.#method(accessor, #(#args),*).await)
                        .await
                        .and_then(|result| result)
                }
            } else if asynchronous {
                quote! { #receiver.#method(&mut store, #(#args),*).await }
            } else {
                quote! { #receiver.#method(&mut store, #(#args),*) }
            }
        }),
        example,
    }
}

/// A sample value of type `ty` as seen from module `module`, or `None` for resources.
fn sample(
    ty: &syn::Type,
    module: &[String],
    modules: &Modules,
    depth: usize,
) -> Option<TokenStream> {
    if depth > 16 {
        return None;
    }
    match ty {
        syn::Type::Reference(r) => match &*r.elem {
            syn::Type::Path(p) if p.path.is_ident("str") => Some(quote! { "example" }),
            syn::Type::Slice(_) => Some(quote! { &[] }),
            inner => sample(inner, module, modules, depth + 1).map(|v| quote! { &#v }),
        },
        syn::Type::Tuple(t) => {
            let elems: Option<Vec<_>> = t
                .elems
                .iter()
                .map(|e| sample(e, module, modules, depth + 1))
                .collect();
            let elems = elems?;
            Some(if elems.len() == 1 {
                quote! { (#(#elems),*,) }
            } else {
                quote! { (#(#elems),*) }
            })
        }
        syn::Type::Path(p) => sample_path(&p.path, module, modules, depth),
        _ => None,
    }
}

fn sample_path(
    path: &syn::Path,
    module: &[String],
    modules: &Modules,
    depth: usize,
) -> Option<TokenStream> {
    let last = path.segments.last()?;
    let name = last.ident.to_string();
    let generic = |i: usize| -> Option<&syn::Type> {
        match &last.arguments {
            syn::PathArguments::AngleBracketed(a) => a
                .args
                .iter()
                .filter_map(|g| match g {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .nth(i),
            _ => None,
        }
    };
    match name.as_str() {
        "bool" => return Some(quote! { false }),
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" => return Some(quote! { 0 }),
        "f32" | "f64" => return Some(quote! { 0.0 }),
        "char" => return Some(quote! { 'a' }),
        "String" => return Some(quote! { String::from("example") }),
        "Vec" => return Some(quote! { Vec::new() }),
        "Option" => return Some(quote! { None }),
        "Result" => {
            let ok = sample(generic(0)?, module, modules, depth + 1)?;
            return Some(quote! { Ok(#ok) });
        }
        "Resource" | "ResourceAny" => return None,
        _ => {}
    }
    // A generated type: resolve the path relative to `module`.
    let (def_module, ident) = resolve_path(path, module)?;
    let items = modules.get(&def_module)?;
    let abs: Vec<_> = def_module.iter().map(|m| format_ident!("{}", m)).collect();
    let ty_ident = format_ident!("{}", ident);
    let full = quote! { bindings::#(#abs::)*#ty_ident };
    for item in items {
        match item {
            syn::Item::Struct(s) if s.ident == ident => {
                let syn::Fields::Named(fields) = &s.fields else {
                    return None;
                };
                let mut inits = Vec::new();
                for f in &fields.named {
                    let fname = f.ident.as_ref()?;
                    let v = sample(&f.ty, &def_module, modules, depth + 1)?;
                    inits.push(quote! { #fname: #v });
                }
                return Some(quote! { #full { #(#inits),* } });
            }
            syn::Item::Enum(e) if e.ident == ident => {
                let v = e.variants.first()?;
                let vname = &v.ident;
                return match &v.fields {
                    syn::Fields::Unit => Some(quote! { #full::#vname }),
                    syn::Fields::Unnamed(f) => {
                        let vals: Option<Vec<_>> = f
                            .unnamed
                            .iter()
                            .map(|f| sample(&f.ty, &def_module, modules, depth + 1))
                            .collect();
                        let vals = vals?;
                        Some(quote! { #full::#vname(#(#vals),*) })
                    }
                    syn::Fields::Named(_) => None,
                };
            }
            syn::Item::Type(t) if t.ident == ident => {
                return sample(&t.ty, &def_module, modules, depth + 1);
            }
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "flags") =>
            {
                let first = m.mac.tokens.clone().into_iter().next();
                if matches!(&first, Some(proc_macro2::TokenTree::Ident(i)) if *i == ident) {
                    return Some(quote! { #full::empty() });
                }
            }
            syn::Item::Use(_) => {}
            _ => {}
        }
    }
    None
}

/// Resolves a (possibly `super::`-relative) type path to (module path, item name).
fn resolve_path(path: &syn::Path, module: &[String]) -> Option<(Vec<String>, String)> {
    let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let (name, prefix) = segs.split_last()?;
    let mut current = module.to_vec();
    let mut rest = prefix;
    while let Some((first, tail)) = rest.split_first() {
        if first == "super" {
            current.pop()?;
            rest = tail;
        } else {
            break;
        }
    }
    if rest
        .first()
        .is_some_and(|s| s == "wasmtime" || s == "core" || s == "std")
    {
        return None;
    }
    current.extend(rest.iter().cloned());
    Some((current, name.clone()))
}

/// Token text without the spaces `to_string` puts between every token.
fn compact(tokens: &str) -> String {
    tokens
        .replace(' ', "")
        .replace("&mut", "&mut ")
        .replace("&'_", "&'_ ")
}

/// Whether a return type implements `Debug`: everything generated does, but std's tuple
/// impls stop at 12 elements.
fn implements_debug(output: &syn::ReturnType) -> bool {
    struct WideTuple(bool);
    impl<'a> Visit<'a> for WideTuple {
        fn visit_type_tuple(&mut self, t: &'a syn::TypeTuple) {
            self.0 |= t.elems.len() > 12;
            syn::visit::visit_type_tuple(self, t);
        }
    }
    let mut v = WideTuple(false);
    v.visit_return_type(output);
    !v.0
}

/// The setters of the root `LinkOptions` (one per `@unstable` feature), in order.
fn link_option_setters(items: &[syn::Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) if i.trait_.is_none() => match &*i.self_ty {
                syn::Type::Path(p) if p.path.is_ident("LinkOptions") => Some(i),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|i| &i.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}
