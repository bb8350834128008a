//! WASI APIs that a crate of the wasmtime 48 release implements, beyond wasmtime-wasi's own
//! (io, clocks, random, filesystem, sockets, cli; see [`super::host_bindings`]). A host for a
//! world importing one of them links that crate's implementation instead of getting stubs:
//! the crate joins Cargo.toml, `HostState` gets the context it needs, the runner links it.
//!
//! Two ways a crate can provide an API, depending on what it exports:
//! - `wasmtime-wasi-http` publishes its bindings, so `bindgen!` maps `wasi:http` onto them with
//!   `with:` and nothing is generated for it;
//! - `wasmtime-wasi-config` and `wasmtime-wasi-keyvalue` keep their bindings private and only
//!   export `add_to_linker`: `bindgen!` still generates the interfaces (types only matter to
//!   exports, which these worlds never have), no stubs are written, and the runner registers the
//!   world's other imports one by one beside the crate's `add_to_linker`. Their implementations
//!   are for one exact (pre-release) package version; a world importing another version gets
//!   stubs as before.

use wit_parser::{Resolve, WorldId, WorldItem};

/// One WASI API implemented by a crate of the wasmtime 48 release.
#[derive(Debug)]
pub struct WasiCrate {
    /// `http`: the package name in namespace `wasi`.
    pub package: &'static str,
    /// `Some("0.2.0-draft")`: only this version; `None`: any 0.2.x.
    pub exact_version: Option<&'static str>,
    /// The Cargo.toml dependency line.
    pub dependency: &'static str,
    /// `with:` targets (sync, async), when the crate publishes its bindings.
    pub with: Option<(&'static str, &'static str)>,
    /// The crate only implements the API for async hosts: a world importing it gets one.
    pub async_only: bool,
    /// `HostState` field (declaration, with its doc comment) and its initializer.
    pub field: &'static str,
    pub init: &'static str,
    /// Trait impls `HostState` needs (a view), if any.
    pub view: &'static str,
    /// The runner's link call (sync, async).
    pub link: (&'static str, &'static str),
    /// One line for the generated README.
    pub readme: &'static str,
}

pub const WASI_CRATES: &[WasiCrate] = &[
    WasiCrate {
        package: "http",
        exact_version: None,
        dependency: "wasmtime-wasi-http = \"48.0.8\"",
        with: Some((
            "wasmtime_wasi_http::p2::bindings::sync::http",
            "wasmtime_wasi_http::p2::bindings::http",
        )),
        async_only: false,
        field: "    /// WASI HTTP (outgoing requests go out through the default hooks).\n    pub http: wasmtime_wasi_http::WasiHttpCtx,\n",
        init: "            http: wasmtime_wasi_http::WasiHttpCtx::new(),\n",
        view: "impl wasmtime_wasi_http::WasiHttpView for HostState {\n    fn http(&mut self) -> wasmtime_wasi_http::WasiHttpCtxView<'_> {\n        wasmtime_wasi_http::WasiHttpCtxView {\n            ctx: &mut self.http,\n            table: &mut self.table,\n            hooks: Default::default(),\n        }\n    }\n}\n",
        link: (
            "wasmtime_wasi_http::p2::add_only_http_to_linker_sync(&mut linker)?;",
            "wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;",
        ),
        readme: "`wasi:http` is wasmtime-wasi-http's: outgoing requests really go out (`WasiHttpView` in `src/state.rs`; give it other hooks to filter them).",
    },
    WasiCrate {
        package: "config",
        exact_version: Some("0.2.0-rc.1"),
        dependency: "wasmtime-wasi-config = \"48.0.8\"",
        with: None,
        async_only: false,
        field: "    /// `wasi:config` values the component reads (`config.insert(key, value)`).\n    pub config: wasmtime_wasi_config::WasiConfigVariables,\n",
        init: "            config: wasmtime_wasi_config::WasiConfigVariables::new(),\n",
        view: "",
        link: (
            "wasmtime_wasi_config::add_to_linker(&mut linker, |state: &mut HostState| wasmtime_wasi_config::WasiConfig::from(&state.config))?;",
            "wasmtime_wasi_config::add_to_linker(&mut linker, |state: &mut HostState| wasmtime_wasi_config::WasiConfig::from(&state.config))?;",
        ),
        readme: "`wasi:config` is wasmtime-wasi-config's: put the values in `HostState::config`.",
    },
    WasiCrate {
        package: "keyvalue",
        exact_version: Some("0.2.0-draft"),
        dependency: "wasmtime-wasi-keyvalue = \"48.0.8\"",
        with: None,
        async_only: false,
        field: "    /// `wasi:keyvalue`: an in-memory store (`WasiKeyValueCtx::builder().in_memory_data(..)`).\n    pub keyvalue: wasmtime_wasi_keyvalue::WasiKeyValueCtx,\n",
        init: "            keyvalue: wasmtime_wasi_keyvalue::WasiKeyValueCtx::builder().build(),\n",
        view: "",
        link: (
            "wasmtime_wasi_keyvalue::add_to_linker(&mut linker, |state: &mut HostState| wasmtime_wasi_keyvalue::WasiKeyValue::new(&state.keyvalue, &mut state.table))?;",
            "wasmtime_wasi_keyvalue::add_to_linker(&mut linker, |state: &mut HostState| wasmtime_wasi_keyvalue::WasiKeyValue::new(&state.keyvalue, &mut state.table))?;",
        ),
        readme: "`wasi:keyvalue` is wasmtime-wasi-keyvalue's in-memory store: seed it in `HostState::keyvalue`.",
    },
    WasiCrate {
        package: "tls",
        exact_version: Some("0.2.0-draft"),
        dependency: "wasmtime-wasi-tls = \"48.0.8\"",
        // Its bindings are generated over wasmtime-wasi's async `wasi:io`.
        with: Some((
            "wasmtime_wasi_tls::p2::bindings",
            "wasmtime_wasi_tls::p2::bindings",
        )),
        async_only: true,
        field: "    /// WASI TLS (client connections through rustls).\n    pub tls: wasmtime_wasi_tls::WasiTlsCtx,\n",
        init: "            tls: wasmtime_wasi_tls::WasiTlsCtxBuilder::new().build(),\n",
        view: "impl wasmtime_wasi_tls::WasiTlsView for HostState {\n    fn tls(&mut self) -> wasmtime_wasi_tls::WasiTlsCtxView<'_> {\n        wasmtime_wasi_tls::WasiTlsCtxView {\n            ctx: &mut self.tls,\n            table: &mut self.table,\n        }\n    }\n}\n",
        link: (
            "wasmtime_wasi_tls::p2::add_to_linker(&mut linker, wasmtime_wasi_tls::p2::LinkOptions::default().tls(true))?;",
            "wasmtime_wasi_tls::p2::add_to_linker(&mut linker, wasmtime_wasi_tls::p2::LinkOptions::default().tls(true))?;",
        ),
        readme: "`wasi:tls` is wasmtime-wasi-tls's (rustls), which needs an async host.",
    },
];

// Not mapped: `wasmtime-wasi-nn` (`wasi:nn`) needs an ML backend (OpenVINO, ONNX Runtime,
// PyTorch) installed at run time and a graph registry the host must fill, so its imports keep
// stubs for the embedder to wire up.

/// The crate that implements the package of an imported interface, if any.
pub fn provider(resolve: &Resolve, iface: wit_parser::InterfaceId) -> Option<&'static WasiCrate> {
    let pkg = resolve.interfaces[iface].package?;
    let name = &resolve.packages[pkg].name;
    if name.namespace != "wasi" {
        return None;
    }
    let version = name.version.as_ref();
    WASI_CRATES.iter().find(|c| {
        c.package == name.name
            && match c.exact_version {
                Some(exact) => version.is_some_and(|v| v.to_string() == exact),
                None => version.is_none_or(|v| v.major == 0 && v.minor == 2 && v.pre.is_empty()),
            }
    })
}

/// Every crate the world's imports need, in [`WASI_CRATES`] order.
pub fn used_by(resolve: &Resolve, world: WorldId) -> Vec<&'static WasiCrate> {
    let mut used: Vec<&'static WasiCrate> = Vec::new();
    for item in resolve.worlds[world].imports.values() {
        if let WorldItem::Interface { id, .. } = item
            && let Some(c) = provider(resolve, *id)
            && !used.iter().any(|u| std::ptr::eq(*u, c))
        {
            used.push(c);
        }
    }
    used.sort_by_key(|c| WASI_CRATES.iter().position(|w| std::ptr::eq(w, *c)));
    used
}

/// Whether an import (by its rendered WIT key) is linked by a crate's `add_to_linker` rather
/// than generated stubs: the crates without a `with:` mapping.
pub fn links_without_with(resolve: &Resolve, world: WorldId, instance: &str) -> bool {
    super::host_bindings::interface_of(resolve, world, instance)
        .and_then(|id| provider(resolve, id))
        .is_some_and(|c| c.with.is_none())
}
