// E2E fixture (tests/e2e/http-client): calls the guest's `run` with the URL given on the
// command line, through the generated host's modules (wasi:http linked from wasmtime-wasi-http).

#[path = "../bindings.rs"]
mod bindings;
#[path = "../host/mod.rs"]
mod host;
#[path = "../state.rs"]
mod state;

use wasmtime::component::{Component, Linker};
use wasmtime::error::Context;
use wasmtime::{Engine, Store};

use bindings::Fetcher;
use state::HostState;

fn main() -> wasmtime::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: fetch-script <component.wasm> <url>")?;
    let url = args.next().context("usage: fetch-script <component.wasm> <url>")?;
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path)?;
    let mut linker = Linker::<HostState>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_sync(&mut linker)?;
    let mut store = Store::new(&engine, HostState::default());
    // The state's limits (wasmtime's defaults here; the runner's come from its flags).
    store.limiter(|state| state.limits.as_mut());
    let world = Fetcher::instantiate(&mut store, &component, &linker)?;
    let answer = world.call_run(&mut store, &url)?;
    println!("run -> {answer:?}");
    Ok(())
}
