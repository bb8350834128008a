//! The host crate: `bindgen!` in its own module, one stub file per imported interface, host
//! state with a `ResourceTable` and WASI, and a runner.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use wit_parser::WorldId;

use super::host_bindings::{self, BindgenOptions, HostBindings, ImportedTraits};
use super::{ScaffoldError, format_rust, parse_generated, render_template, rust_header};
use crate::files::FileSet;
use crate::wit::WitPackage;

const CARGO_TOML: &str = include_str!("../../templates/host/Cargo.toml");
const README: &str = include_str!("../../templates/host/README.md");
const GITIGNORE: &str = include_str!("../../templates/host/gitignore");
const STATE_RS: &str = include_str!("../../templates/host/state.rs");
/// The runner's support modules, the same for every world (sync, async and serving).
const CLI_RS: &str = include_str!("../../templates/host/cli.rs");
const GUARD_RS: &str = include_str!("../../templates/host/guard.rs");
const TRACE_RS: &str = include_str!("../../templates/host/trace.rs");
/// `--invoke` and `--list`: not for the HTTP-serving runner, whose one export is `handle`.
const INVOKE_RS: &str = include_str!("../../templates/host/invoke.rs");
/// The README's section on the HTTP server runner.
const SERVE_README: &str = "
## Serving HTTP

The world exports `wasi:http/incoming-handler`, so the runner is an HTTP server, as
`wasmtime serve` is:

    cargo run --release -- path/to/component.wasm --addr 127.0.0.1:8080

The component is compiled and linked once; every request gets a fresh instance (and a fresh
`HostState`). A guest that traps or never answers gets a 500, the error is logged on stderr,
and the server goes on.
";
/// The README's `## Run` of a runner that calls exports; `{{invoke}}` is an `--invoke` line
/// for the world's first callable export, if it has one.
const RUN_README: &str = "
## Run

    cargo run --release -- path/to/component.wasm

The runner instantiates the component and calls its exports in order with sample arguments,
printing each result. Any failure (a trap in the guest, a missing import, a host function still
`todo!()`, a limit hit) is printed as one error message and the process exits with status 1.

    cargo run --release -- path/to/component.wasm --list
{{invoke}}
`--list` prints every export with its signature. `--invoke` calls one export with arguments
written as WAVE values, as `wasmtime run --invoke` takes them (`{x: 1}` records, `circle(2)`
variants, `red` enums, `{read, write}` flags, `some(1)` and `none`, `ok(1)` and `err(\"e\")`,
`[1, 2]` lists, `(1, \"a\")` tuples), and prints its result as WAVE. Exports of an interface are
named `ns:pkg/iface.func`, or by the function name alone when no other export has it.
";
/// Dependencies without debug info: a much faster first build (BENCHMARKS.md), and nobody
/// steps through wasmtime's internals from a host. Cargo reads profiles from the workspace
/// root only, so `airssys-gen host` drops this when the crate joins a workspace
/// ([`without_dev_profile`]) and says what to add to the root instead.
pub const DEV_PROFILE: &str = "
# A faster first build: dependencies (wasmtime) without debug info; your code keeps it.
[profile.dev.package.\"*\"]
debug = false
";

/// Removes [`DEV_PROFILE`] from a generated host's Cargo.toml (for a workspace member, where
/// cargo would ignore it with a warning on every build).
pub fn without_dev_profile(files: &mut FileSet) {
    if let Some(bytes) = files.files.get_mut(std::path::Path::new("Cargo.toml"))
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        *bytes = text.replace(DEV_PROFILE, "").into_bytes();
    }
}

/// The HTTP server runner's executor, listener and HTTP/1 implementation.
const SERVER_DEPENDENCIES: &str = "# The HTTP server runner: tokio's listener, hyper's HTTP/1.\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }\nhyper = { version = \"1\", features = [\"server\", \"http1\"] }\n";
/// The README's section on async hosts.
const ASYNC_README: &str = "
## Async

This host is async (`airssys-gen host --async`, or the world has an `async func`): `bindgen!`
has `imports: { default: async }` and `exports: { default: async }`, so the stubs are
`async fn`, WASI is linked with `wasmtime_wasi::p2::add_to_linker_async`, and the runner is a
`#[tokio::main]` that awaits `instantiate_async` and every `call_*`.

A Component Model `async func` (WIT `f: async func(..)`) is different: its import is a
`*WithStore` trait implemented for `HasSelf<HostState>`, taking an `Accessor` instead of
`&mut self` (reach the state with `accessor.with(|mut access| access.get().field..)`, and hold
no borrow across an `.await`); its export is called inside `store.run_concurrent(..)`.
";
/// The async runner's executor (wasmtime-wasi builds on tokio already).
const TOKIO_DEPENDENCY: &str = "# The async runner's executor.\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";

/// How the generated host runs guest code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Execution {
    /// Plain `fn` host traits and `call_*` methods; the runner needs no executor.
    #[default]
    Sync,
    /// `imports: { default: async }, exports: { default: async }` and a tokio runner.
    Async,
}

impl Execution {
    /// What a host for `world` must be: async when asked, and always when the world has a
    /// Component Model `async func` (wasmtime links those with `func_wrap_async` whatever the
    /// options, and a component using them can only be instantiated and called async) or
    /// imports an API whose crate implements it for async hosts only (`wasi:tls`), or exports
    /// `wasi:http/incoming-handler` (served by an async HTTP server).
    pub fn for_world(package: &WitPackage, world: WorldId, requested: Execution) -> Execution {
        if Execution::async_reason(package, world).is_some() {
            Execution::Async
        } else {
            requested
        }
    }

    /// Why a host for `world` can only be async, if it must be.
    pub fn async_reason(package: &WitPackage, world: WorldId) -> Option<String> {
        if let Some(func) = async_function(package, world) {
            return Some(format!("`{func}` is a Component Model `async func`"));
        }
        if let Some(c) = super::wasi_crates::used_by(&package.resolve, world)
            .iter()
            .find(|c| c.async_only)
        {
            return Some(format!(
                "it imports `wasi:{}`, which wasmtime 48 implements for async hosts only",
                c.package
            ));
        }
        super::serve::serves_http(&package.resolve, world).then(|| {
            "it exports `wasi:http/incoming-handler`, served by an async HTTP server".to_string()
        })
    }

    pub fn is_async(self) -> bool {
        self == Execution::Async
    }
}

/// Everything the host generator decided, shared with the runner generator.
pub struct HostPlan {
    pub options: BindgenOptions,
    /// The world exports `wasi:http/incoming-handler`: the runner is an HTTP server.
    pub serves_http: bool,
    /// WASI crates of the wasmtime release that implement some of the world's imports.
    pub crates: Vec<&'static super::wasi_crates::WasiCrate>,
    pub bindings: HostBindings,
    /// Stub file module name (`storage`) per import, parallel to `bindings.imports`.
    pub files: Vec<String>,
}

impl HostPlan {
    /// The world struct's accessor of the exported `wasi:http/incoming-handler` when the
    /// runner is an HTTP server; `None` for a runner that calls exports.
    pub fn http_handler(&self) -> Option<String> {
        if !self.serves_http {
            return None;
        }
        super::serve::incoming_handler(&self.bindings.file, &self.bindings.world_struct)
    }
}

/// Works out module names and `with:` mappings, then runs wasmtime's generator.
pub fn plan(
    package: &WitPackage,
    world: WorldId,
    execution: Execution,
) -> Result<HostPlan, ScaffoldError> {
    let asynchronous = Execution::for_world(package, world, execution).is_async();
    // First pass: module layout (WASI mapped, resources not yet) to name the stub files.
    let wasi_only = host_bindings::bindgen_options(package, world, asynchronous, |_, _| None);
    let mut first = HostBindings::generate(package, world, &wasi_only)?;
    drop_crate_linked(package, world, &mut first);
    let files = stub_file_names(&first.imports);
    let by_instance: BTreeMap<String, String> = first
        .imports
        .iter()
        .zip(&files)
        .filter_map(|(i, f)| Some((i.instance.clone()?, f.clone())))
        .collect();
    // Second pass: every imported resource mapped onto the struct its stub file defines, so
    // resource values live in `HostState::table` as the user's own type.
    let options =
        host_bindings::bindgen_options(package, world, asynchronous, |instance, resource| {
            let file = by_instance.get(instance)?;
            let ty = heck::ToUpperCamelCase::to_upper_camel_case(resource);
            Some(format!("crate::host::{file}::{ty}"))
        });
    let mut bindings = HostBindings::generate(package, world, &options)?;
    drop_crate_linked(package, world, &mut bindings);
    Ok(HostPlan {
        options,
        serves_http: super::serve::serves_http(&package.resolve, world),
        crates: super::wasi_crates::used_by(&package.resolve, world),
        bindings,
        files,
    })
}

/// Imports a WASI crate links by its own `add_to_linker` get no stubs.
fn drop_crate_linked(package: &WitPackage, world: WorldId, bindings: &mut HostBindings) {
    bindings.imports.retain(|i| {
        i.instance.as_deref().is_none_or(|instance| {
            !super::wasi_crates::links_without_with(&package.resolve, world, instance)
        })
    });
}

/// File names for stub modules: the interface's own module name, or its full module path
/// when two imports share a name (`types` from two packages); `world` for world functions.
fn stub_file_names(imports: &[ImportedTraits]) -> Vec<String> {
    let mut counts = BTreeMap::<&str, usize>::new();
    for i in imports {
        if let Some(last) = i.module.last() {
            *counts.entry(last).or_default() += 1;
        }
    }
    imports
        .iter()
        .map(|i| match i.module.last() {
            // The world's own imported functions.
            None => "world".to_string(),
            Some(last) => {
                let name = if counts[last.as_str()] > 1 {
                    i.module.join("_")
                } else {
                    last.clone()
                };
                // `world.rs` and `mod.rs` are taken.
                if name == "world" || name == "mod" {
                    format!("{name}_iface")
                } else {
                    name
                }
            }
        })
        .collect()
}

/// All files of a host crate named `name` for `world`.
pub fn generate(
    package: &WitPackage,
    world: WorldId,
    name: &str,
    execution: Execution,
) -> Result<FileSet, ScaffoldError> {
    let plan = plan(package, world, execution)?;
    let world_id = super::world_id_string(package, world);
    let mut files = FileSet::default();

    let wasi_crates = crates_readme(&plan.crates);
    let serves = plan.http_handler().is_some();
    let execution = if plan.options.asynchronous {
        ASYNC_README
    } else {
        ""
    };
    let run = if serves {
        SERVE_README.to_string()
    } else {
        let invoke = super::wave::first_invoke(&package.resolve, world)
            .map(|call| {
                let call = super::wave::shell_word(&call);
                format!("    cargo run --release -- path/to/component.wasm --invoke {call}\n")
            })
            .unwrap_or_default();
        RUN_README.replace("{{invoke}}", &invoke)
    };
    let vars = [
        ("name", name),
        ("world", world_id.as_str()),
        ("origin", package.origin.as_str()),
        ("tool_version", super::TOOL_VERSION),
        ("execution", execution),
        ("run", run.as_str()),
        ("wasi_crates", wasi_crates.as_str()),
    ];
    let mut cargo_toml = with_wasmtime_features(
        render_template(CARGO_TOML, &vars),
        package,
        world,
        plan.options.asynchronous,
    );
    for c in &plan.crates {
        cargo_toml.push_str(c.dependency);
        cargo_toml.push('\n');
    }
    if plan.serves_http {
        cargo_toml.push_str(SERVER_DEPENDENCIES);
    } else if plan.options.asynchronous {
        cargo_toml.push_str(TOKIO_DEPENDENCY);
    }
    cargo_toml.push_str(DEV_PROFILE);
    files.insert("Cargo.toml", cargo_toml);
    files.insert("README.md", render_template(README, &vars));
    files.insert(".gitignore", GITIGNORE);
    for (path, bytes) in &package.files {
        files.insert(PathBuf::from("wit").join(path), bytes.clone());
    }

    let header = rust_header(package, world, "Host side: implement the todo!() stubs.");
    let lints = super::wit_lints::needed(&package.resolve, world);
    let allow = super::wit_lints::allow_attribute(&lints);
    files.insert(
        "src/bindings.rs",
        bindings_rs(&header, &plan.options, &allow),
    );
    files.insert(
        "src/state.rs",
        format!("{header}\n{}", state_rs(&plan.crates)),
    );

    let mut mods = Vec::new();
    for (import, file) in plan.bindings.imports.iter().zip(&plan.files) {
        let label_prefix = label_prefix(package, world, import);
        let tokens = stub_file(import, &label_prefix);
        files.insert(
            format!("src/host/{file}.rs"),
            format_rust(parse_generated(tokens), &header),
        );
        let ident = format_ident!("{}", file);
        let doc = match &import.instance {
            Some(i) => format!(" `{i}`"),
            None => " The world's own imported functions.".to_string(),
        };
        mods.push(quote! { #[doc = #doc] pub mod #ident; });
    }
    let host_mod = quote! {
        //! One module per imported interface: `impl Host for HostState` and its resources.
        #(#mods)*
    };
    // The stubs' names come from the WIT too: the allowance covers every stub module.
    files.insert(
        "src/host/mod.rs",
        format_rust(
            parse_generated(host_mod),
            &super::wit_lints::with_allow(&header, &allow),
        ),
    );
    let support_header = rust_header(
        package,
        world,
        "Runner support: the command line, limits, calls and tracing; yours to change.",
    );
    let mut support = vec![("cli", CLI_RS), ("guard", GUARD_RS), ("trace", TRACE_RS)];
    if plan.http_handler().is_none() {
        support.push(("invoke", INVOKE_RS));
    }
    for (module, text) in support {
        files.insert(
            format!("src/{module}.rs"),
            format!("{support_header}\n{text}"),
        );
    }
    files.insert(
        "src/main.rs",
        format_rust(
            parse_generated(super::runner::main_rs(package, world, &plan)),
            &header,
        ),
    );
    Ok(files)
}

/// `src/state.rs`: the template plus what each WASI crate needs in `HostState`.
fn state_rs(crates: &[&super::wasi_crates::WasiCrate]) -> String {
    let join = |f: fn(&super::wasi_crates::WasiCrate) -> &'static str| -> String {
        crates.iter().map(|c| f(c)).collect()
    };
    let views: String = crates
        .iter()
        .filter(|c| !c.view.is_empty())
        .map(|c| format!("\n{}", c.view))
        .collect();
    render_template(
        STATE_RS,
        &[
            ("fields", &join(|c| c.field)),
            ("init", &join(|c| c.init)),
            ("views", &views),
        ],
    )
}

/// The template's wasmtime features (what every host uses); async hosts and worlds with
/// Component Model async add theirs. Only the features the crate uses: a cold build of the host
/// is measured against the defaults in BENCHMARKS.md. (wasmtime-wasi's `p2` brings `async`.)
const BASE_FEATURES: &str =
    r#"features = ["runtime", "cranelift", "component-model", "std", "wave"]"#;

/// The wasmtime features a host for `world` needs beyond [`BASE_FEATURES`] (`--update` adds
/// them to an existing Cargo.toml too).
pub(crate) fn extra_wasmtime_features(
    package: &WitPackage,
    world: WorldId,
    asynchronous: bool,
) -> Vec<&'static str> {
    let mut extra = Vec::new();
    if asynchronous {
        extra.push("async");
    }
    if uses_component_model_async(package, world) {
        extra.push("component-model-async");
    }
    extra
}

fn with_wasmtime_features(
    cargo_toml: String,
    package: &WitPackage,
    world: WorldId,
    asynchronous: bool,
) -> String {
    let extra = extra_wasmtime_features(package, world, asynchronous);
    if extra.is_empty() {
        return cargo_toml;
    }
    let extra: String = extra.iter().map(|f| format!(", \"{f}\"")).collect();
    let features = BASE_FEATURES.replace(r#""wave"]"#, &format!(r#""wave"{extra}]"#));
    debug_assert!(
        cargo_toml.contains(BASE_FEATURES),
        "the template names its features"
    );
    cargo_toml.replacen(BASE_FEATURES, &features, 1)
}

/// Component Model async in the world: an `async func`, or `future`/`stream` types anywhere in
/// the package (wasmtime's generator refuses those without the feature).
fn uses_component_model_async(package: &WitPackage, world: WorldId) -> bool {
    async_function(package, world).is_some()
        || package.resolve.types.iter().any(|(_, ty)| {
            matches!(
                ty.kind,
                wit_parser::TypeDefKind::Future(_) | wit_parser::TypeDefKind::Stream(_)
            )
        })
}

/// The README's list of WASI APIs linked from crates, if any.
fn crates_readme(crates: &[&super::wasi_crates::WasiCrate]) -> String {
    if crates.is_empty() {
        return String::new();
    }
    let lines: String = crates.iter().map(|c| format!("- {}\n", c.readme)).collect();
    format!(
        "\nWASI APIs implemented by crates of the wasmtime release are linked, never stubbed:\n\n{lines}"
    )
}

/// `src/bindings.rs`: written as text because prettyplease keeps macro bodies on one line.
fn bindings_rs(header: &str, opts: &BindgenOptions, allow: &str) -> String {
    let mut out = format!(
        "{header}\n{allow}// Host-side macro: wasmtime generates the Host traits, add_to_linker and typed export calls.\n// (Guests use wit_bindgen::generate! instead.)\nwasmtime::component::bindgen!({{\n    path: \"wit\",\n    world: \"{}\",\n",
        opts.world
    );
    if !opts.with.is_empty() {
        out.push_str(&with_block(opts.with.iter()));
    }
    if opts.require_store_data_send {
        out.push_str(SEND_OPTION);
    }
    if let Some(why) = &opts.no_tracing {
        out.push_str(&format!(
            "    // No `tracing` (`--trace` shows WASI calls only): {why}.\n"
        ));
    }
    out.push_str(&import_export_options(opts.asynchronous, opts.tracing()));
    out.push_str("});\n");
    out
}

/// The `require_store_data_send` lines of the `bindgen!` call (also inserted by `--update`).
pub(crate) const SEND_OPTION: &str =
    "    // wasmtime-wasi's bindings need `Send` store data.\n    require_store_data_send: true,\n";

/// The `imports`/`exports` options of the `bindgen!` call (`--update` reads them back).
fn import_export_options(asynchronous: bool, tracing: bool) -> String {
    let mut out = String::new();
    if asynchronous {
        out.push_str(
            "    // Async host traits and `call_*` methods; the runner runs them on tokio.\n",
        );
    }
    if tracing {
        out.push_str("    // `tracing`: every host call is an event with its arguments and result (`--trace`).\n");
    }
    let imports = match (asynchronous, tracing) {
        (true, true) => "async | tracing",
        (true, false) => "async",
        (false, true) => "tracing",
        (false, false) => return out,
    };
    out.push_str(&format!("    imports: {{ default: {imports} }},\n"));
    if asynchronous {
        out.push_str("    exports: { default: async },\n");
    }
    out
}

/// One `with:` entry line of the `bindgen!` call.
pub(crate) fn with_entry(key: &str, path: &str) -> String {
    format!("        \"{key}\": {path},\n")
}

/// A whole `with: { .. },` block.
pub(crate) fn with_block<'a>(entries: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    let lines: String = entries.map(|(k, v)| with_entry(k, v)).collect();
    format!("    with: {{\n{lines}    }},\n")
}

/// `airssys:core/storage` for an interface, `airssys:core/runtime-host` for world functions,
/// `x` for an inline interface: the prefix of every `todo!()` label.
fn label_prefix(package: &WitPackage, world: WorldId, import: &ImportedTraits) -> String {
    match &import.instance {
        Some(i) => host_bindings::strip_version(i).to_string(),
        None => super::world_id_string(package, world),
    }
}

/// The stub file for one import: resource structs and one impl per trait.
fn stub_file(import: &ImportedTraits, label_prefix: &str) -> TokenStream {
    let resources: BTreeMap<&str, &str> = import
        .resources
        .iter()
        .map(|(rust, wit)| (rust.as_str(), wit.as_str()))
        .collect();
    let mut used = UsedNames::default();
    let mut impls = Vec::new();
    for t in &import.traits {
        let trait_name = &t.ident;
        let with_store = host_bindings::is_with_store(t);
        let resource = trait_name
            .to_string()
            .strip_prefix("Host")
            .map(|r| r.strip_suffix("WithStore").unwrap_or(r))
            .and_then(|r| resources.get(r).copied())
            .map(str::to_string);
        let mut methods = Vec::new();
        for item in &t.items {
            let syn::TraitItem::Fn(f) = item else {
                continue;
            };
            if f.default.is_some() {
                continue;
            }
            let mut sig = f.sig.clone();
            Tidy.visit_signature_mut(&mut sig);
            if with_store {
                StoreData.visit_signature_mut(&mut sig);
            }
            make_async(&mut sig);
            used.visit_signature(&sig);
            let attrs = f.attrs.iter().filter(|a| a.path().is_ident("doc"));
            let body = method_body(&sig, label_prefix, resource.as_deref());
            methods.push(quote! { #(#attrs)* #sig { #body } });
        }
        used.names.insert(trait_name.to_string());
        impls.push(if with_store {
            // `add_to_linker::<HostState, HasSelf<HostState>>` asks for exactly this impl.
            used.has_self = true;
            quote! {
                impl #trait_name<HostState> for HasSelf<HostState> {
                    #(#methods)*
                }
            }
        } else {
            quote! {
                impl #trait_name for HostState {
                    #(#methods)*
                }
            }
        });
    }
    let resource_structs = import.resources.iter().map(|(rust, wit)| {
        let ident = format_ident!("{}", rust);
        let doc = [
            format!(" Host-side value of the WIT resource `{wit}`. `bindgen!` maps the resource"),
            " onto this type (`with:` in src/bindings.rs), so instances live in `HostState::table`."
                .to_string(),
        ];
        quote! {
            #(#[doc = #doc])*
            #[derive(Debug, Default)]
            pub struct #ident {}
        }
    });
    // Import by name everything the signatures mention from the interface's module, except
    // the resource types this file defines itself.
    let module: Vec<_> = import
        .module
        .iter()
        .map(|m| format_ident!("{}", m))
        .collect();
    let names: Vec<_> = used
        .names
        .iter()
        .filter(|n| !resources.contains_key(n.as_str()))
        .map(|n| format_ident!("{}", n))
        .collect();
    let component_names: Vec<_> = [
        (used.accessor, "Accessor"),
        (used.has_self, "HasSelf"),
        (used.resource, "Resource"),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, name)| format_ident!("{}", name))
    .collect();
    let component_import = (!component_names.is_empty())
        .then(|| quote! { use wasmtime::component::{ #(#component_names),* }; });
    quote! {
        #component_import
        use crate::bindings::#(#module::)*{ #(#names),* };
        use crate::state::HostState;
        #(#resource_structs)*
        #(#impls)*
    }
}

/// `todo!("<label>")` after touching every argument (so the stub compiles without
/// unused-variable warnings and keeps the WIT's parameter names). Resource `drop` gets a real
/// body: the value leaves the table.
fn method_body(sig: &syn::Signature, prefix: &str, resource: Option<&str>) -> TokenStream {
    let name = sig.ident.to_string();
    if resource.is_some() && name == "drop" {
        return quote! {
            self.table.delete(rep)?;
            Ok(())
        };
    }
    let wit_name = name.trim_end_matches('_').replace('_', "-");
    let label = match resource {
        Some(res) => format!("{prefix}.{res}.{wit_name}"),
        None => format!("{prefix}.{wit_name}"),
    };
    super::stub_body(sig, &label)
}

/// Rewrites generated paths into what a person would write: `__internal::String` -> `String`,
/// `wasmtime::component::Resource` -> `Resource`, `-> ()` dropped.
struct Tidy;

impl VisitMut for Tidy {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        let segs: Vec<String> = ty
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let keep_last = matches!(
            segs.iter().map(String::as_str).collect::<Vec<_>>()[..],
            ["wasmtime", "component", "__internal", _]
                | ["wasmtime", "component", "Resource" | "Accessor"]
        );
        if keep_last {
            let last = ty.path.segments.pop().unwrap().into_value();
            ty.path = syn::Path::from(last);
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }

    fn visit_return_type_mut(&mut self, ret: &mut syn::ReturnType) {
        if let syn::ReturnType::Type(_, ty) = ret
            && matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty())
        {
            *ret = syn::ReturnType::Default;
        }
        syn::visit_mut::visit_return_type_mut(self, ret);
    }
}

/// In a `*WithStore` trait's signatures, the store data `T` is the host's state.
struct StoreData;

impl VisitMut for StoreData {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        if ty.qself.is_none() && ty.path.is_ident("T") {
            ty.path = syn::parse_quote!(HostState);
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }
}

/// `fn f(..) -> impl Future<Output = R> + Send` (async bindings) becomes `async fn f(..) -> R`:
/// what a person writes, and the trait accepts it (the future's `Send` is checked at the impl).
fn make_async(sig: &mut syn::Signature) {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return;
    };
    let syn::Type::ImplTrait(imp) = &**ty else {
        return;
    };
    let output = imp.bounds.iter().find_map(|b| {
        let syn::TypeParamBound::Trait(t) = b else {
            return None;
        };
        let last = t.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|a| match a {
            syn::GenericArgument::AssocType(at) if at.ident == "Output" => Some(at.ty.clone()),
            _ => None,
        })
    });
    let Some(output) = output else {
        return;
    };
    sig.asyncness = Some(Default::default());
    sig.output = if matches!(&output, syn::Type::Tuple(t) if t.elems.is_empty()) {
        syn::ReturnType::Default
    } else {
        syn::ReturnType::Type(Default::default(), Box::new(output))
    };
}

/// Single-segment type names used in signatures that come from the bindings module.
#[derive(Default)]
struct UsedNames {
    names: BTreeSet<String>,
    resource: bool,
    accessor: bool,
    has_self: bool,
}

const PRELUDE: &[&str] = &[
    "String", "Vec", "Option", "Result", "Box", "Self", "bool", "char", "str", "u8", "u16", "u32",
    "u64", "i8", "i16", "i32", "i64", "f32", "f64", "usize", "isize",
];

impl<'a> Visit<'a> for UsedNames {
    fn visit_type_path(&mut self, ty: &'a syn::TypePath) {
        if ty.qself.is_none() && ty.path.segments.len() == 1 {
            let name = ty.path.segments[0].ident.to_string();
            if name == "Resource" {
                self.resource = true;
            } else if name == "Accessor" {
                self.accessor = true;
            } else if !PRELUDE.contains(&name.as_str()) && name != "HostState" {
                self.names.insert(name);
            }
        }
        syn::visit::visit_type_path(self, ty);
    }
}

/// The first `async func` the world imports or exports (its label), if any.
fn async_function(package: &WitPackage, world: WorldId) -> Option<String> {
    super::world_functions(&package.resolve, world)
        .into_iter()
        .find_map(|(label, f)| f.kind.is_async().then_some(label))
}
