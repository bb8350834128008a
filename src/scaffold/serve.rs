//! `src/main.rs` of a host for a world that exports `wasi:http/incoming-handler` (the
//! `wasi:http/proxy` world, or one that includes it): an HTTP server, as `wasmtime serve` is.
//!
//! The component is compiled and linked once (an `InstancePre`); each request gets a fresh
//! store and instance, its `handle` export is called with the request and a response outparam
//! (wasmtime-wasi-http's resources), and the response the guest sets is sent. A guest that
//! traps or never answers gets a 500, logged, and the server goes on.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What the runner generator worked out about linking, shared by both kinds of runner.
pub struct Linking {
    /// `HasSelf, ` when the registration calls need it.
    pub has_self: Option<TokenStream>,
    pub world_struct: String,
    /// WASI, WASI crates, then the world's own imports.
    pub links: TokenStream,
}

/// Whether the world exports `wasi:http/incoming-handler` (0.2.x, which wasmtime-wasi-http
/// implements): its host is an HTTP server, async.
pub fn serves_http(resolve: &wit_parser::Resolve, world: wit_parser::WorldId) -> bool {
    resolve.worlds[world].exports.values().any(|item| {
        let wit_parser::WorldItem::Interface { id, .. } = item else {
            return false;
        };
        let iface = &resolve.interfaces[*id];
        iface.name.as_deref() == Some("incoming-handler")
            && iface.package.is_some_and(|p| {
                let name = &resolve.packages[p].name;
                name.namespace == "wasi"
                    && name.name == "http"
                    && name
                        .version
                        .as_ref()
                        .is_some_and(|v| v.major == 0 && v.minor == 2 && v.pre.is_empty())
            })
    })
}

/// The world struct's accessor of the exported `wasi:http/incoming-handler`
/// (`wasi_http_incoming_handler`), if the world exports it.
pub fn incoming_handler(file: &syn::File, world_struct: &str) -> Option<String> {
    super::runner::impl_methods(&file.items, world_struct)
        .into_iter()
        .find_map(|m| {
            let syn::ReturnType::Type(_, ty) = &m.sig.output else {
                return None;
            };
            let text = quote!(#ty).to_string().replace(' ', "");
            text.starts_with("&exports::wasi::http::incoming_handler")
                .then(|| m.sig.ident.to_string())
        })
}

pub fn main_rs(linking: &Linking, accessor: &str, main_fn: TokenStream) -> TokenStream {
    let Linking {
        has_self,
        world_struct,
        links,
    } = linking;
    let world_pre = format_ident!("{}Pre", world_struct);
    let accessor = format_ident!("{}", accessor);
    quote! {
        //! Runner: an HTTP server (as `wasmtime serve`) handing every request to a fresh
        //! instance of the component's `wasi:http/incoming-handler`.

        mod bindings;
        mod cli;
        mod guard;
        mod host;
        mod state;
        mod trace;

        use std::process::ExitCode;

        use wasmtime::component::{Component, #has_self Linker};
        use wasmtime::error::Context;
        use wasmtime::{Config, Engine};
        use wasmtime_wasi_http::WasiHttpView;
        use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
        use wasmtime_wasi_http::io::TokioIo;
        use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

        use bindings::#world_pre;
        use cli::Options;
        use state::HostState;

        #main_fn

        async fn run(options: &Options) -> wasmtime::Result<()> {
            let mut config = Config::new();
            config.wasm_backtrace_max_frames(None);
            guard::configure(&mut config, options);
            let engine = Engine::new(&config)?;
            let path = &options.component;
            let component = Component::from_file(&engine, path)
                .with_context(|| format!("loading component `{}`", path.display()))?;
            if options.trace {
                trace::start();
            }
            guard::start_clock(&engine, options);

            let mut linker = Linker::<HostState>::new(&engine);
            __comment!("WASI: components built for wasm32-wasip2 import it through std.");
            #links

            __comment!("Compiled and linked once; every request instantiates it afresh.");
            let pre = #world_pre::new(linker.instantiate_pre(&component)?)
                .context("linking the component")?;
            let addr = options.addr;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            __comment!("Every request's store gets the limits and WASI of the command line.");
            let options = std::sync::Arc::new(options.clone());
            println!("serving http://{}/", listener.local_addr()?);
            loop {
                let (client, _) = listener.accept().await?;
                let pre = pre.clone();
                let options = options.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let pre = pre.clone();
                        let options = options.clone();
                        async move {
                            Ok::<_, std::convert::Infallible>(respond(pre, &options, request).await)
                        }
                    });
                    if let Err(e) = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(client), service)
                        .await
                    {
                        eprintln!("error: connection: {e}");
                    }
                });
            }
        }

        /// The guest's response, or a 500 (logged) when it traps or never answers.
        async fn respond(
            pre: #world_pre<HostState>,
            options: &Options,
            request: hyper::Request<hyper::body::Incoming>,
        ) -> hyper::Response<HyperOutgoingBody> {
            let what = format!("{} {}", request.method(), request.uri());
            match handle(pre, options, request).await {
                Ok(response) => response,
                Err(e) => {
                    eprintln!("error: {what}: {e:#}");
                    let mut response = hyper::Response::new(HyperOutgoingBody::default());
                    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
                    response
                }
            }
        }

        /// One request, one instance: `handle(request, response-outparam)`, within the limits
        /// and the deadline.
        async fn handle(
            pre: #world_pre<HostState>,
            options: &Options,
            request: hyper::Request<hyper::body::Incoming>,
        ) -> wasmtime::Result<hyper::Response<HyperOutgoingBody>> {
            let mut store = guard::store(pre.engine(), options)?;
            let explain = {
                let options = options.clone();
                move |e| guard::explain(e, "calling `wasi:http/incoming-handler.handle`", &options)
            };
            let (sender, receiver) = tokio::sync::oneshot::channel();
            let request = store.data_mut().http().new_incoming_request(Scheme::Http, request)?;
            let outparam = store.data_mut().http().new_response_outparam(sender)?;
            let task = tokio::spawn(async move {
                let world = pre.instantiate_async(&mut store).await?;
                world
                    .#accessor()
                    .call_handle(&mut store, request, outparam)
                    .await
                    .map_err(explain)
            });
            __comment!("No answer means the guest dropped the outparam: the task says why.");
            match receiver.await {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(code)) => Err(wasmtime::format_err!("the guest answered with an error: {code:?}")),
                Err(_) => Err(match task.await {
                    Ok(Ok(())) => wasmtime::format_err!("the guest never set a response"),
                    Ok(Err(e)) => e,
                    Err(e) => wasmtime::format_err!("host function panicked: {e}"),
                }),
            }
        }
    }
}
