// E2E fixture (tests/e2e/resources): drives the guest's exported resource from the host and
// the world-level exports, using the generated host's own modules.

#[path = "../bindings.rs"]
mod bindings;
#[path = "../host/mod.rs"]
mod host;
#[path = "../state.rs"]
mod state;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::error::Context;
use wasmtime::{Engine, Store};

use bindings::Resources;
use state::HostState;

fn main() -> wasmtime::Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .context("usage: resources-script <component.wasm>")?;
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path)?;
    let mut linker = Linker::<HostState>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    Resources::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;
    let mut store = Store::new(&engine, HostState::default());
    // The state's limits (wasmtime's defaults here; the runner's come from its flags).
    store.limiter(|state| state.limits.as_mut());
    let world = Resources::instantiate(&mut store, &component, &linker)?;

    // World-level exports; the guest creates and drops host counters.
    println!("version -> {}", world.call_version(&mut store)?);
    let n = world.call_count_with_host(&mut store, 10, &[1, 2, 3])?;
    println!("count-with-host(10, [1, 2, 3]) -> {n}");
    let n = world.call_count_with_host(&mut store, -5, &[5])?;
    println!("count-with-host(-5, [5]) -> {n}");
    println!("counters created: {}", store.data().created);

    // The guest's resource, constructed and called by the host.
    let acc = world.e2e_resources_accumulators();
    let res = acc.accumulator();
    let a = res.call_constructor(&mut store, "a")?;
    res.call_push(&mut store, a, 1)?;
    res.call_push(&mut store, a, 2)?;
    let b = res.call_constructor(&mut store, "b")?;
    res.call_push(&mut store, b, 40)?;
    println!("sum(a) -> {}", res.call_sum(&mut store, a)?);
    println!("describe(b) -> {}", res.call_describe(&mut store, b)?);
    let merged = res.call_merge(&mut store, a, b)?;
    println!("sum(merge(a, b)) -> {}", res.call_sum(&mut store, merged)?);
    println!("describe(merge(a, b)) -> {}", res.call_describe(&mut store, merged)?);
    let default = acc.call_make_default(&mut store)?;
    println!("describe(make-default()) -> {}", res.call_describe(&mut store, default)?);
    for handle in [a, b, merged, default] {
        handle.resource_drop(&mut store)?;
    }
    println!("done");
    Ok(())
}
