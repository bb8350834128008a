// E2E fixture (tests/e2e/calculator): a scripted conversation with the calculator, built
// from the generated host's own modules (bindings, host stubs, state) next to its runner.

#[path = "../bindings.rs"]
mod bindings;
#[path = "../host/mod.rs"]
mod host;
#[path = "../state.rs"]
mod state;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::error::Context;
use wasmtime::{Engine, Store};

use bindings::RuntimeHost;
use bindings::airssys::core::types::{
    Capabilities, ComponentConfig, ComponentId, ComponentMessage, MessagePayload, Timestamp,
};
use state::HostState;

fn id(name: &str) -> ComponentId {
    ComponentId {
        namespace: "e2e".to_string(),
        name: name.to_string(),
        instance: "1".to_string(),
    }
}

fn main() -> wasmtime::Result<()> {
    let path = std::env::args_os()
        .nth(1)
        .context("usage: script <component.wasm>")?;
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path)?;
    let mut linker = Linker::<HostState>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    RuntimeHost::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)?;
    let mut store = Store::new(&engine, HostState::default());
    // The state's limits (wasmtime's defaults here; the runner's come from its flags).
    store.limiter(|state| state.limits.as_mut());
    let world = RuntimeHost::instantiate(&mut store, &component, &linker)?;
    let lifecycle = world.airssys_core_component_lifecycle();

    let config = ComponentConfig {
        id: id("calculator"),
        settings: vec![("mode".to_string(), "sum".to_string())],
        capabilities: Capabilities::STORAGE,
        max_memory_bytes: None,
    };
    let init = lifecycle.call_init(&mut store, &config)?;
    println!("init -> {init:?}");

    let payloads = [
        MessagePayload::Text("1 2 3 4".to_string()),
        MessagePayload::Bytes(vec![10, 20, 30]),
        MessagePayload::Text("5, -2".to_string()),
        MessagePayload::Text("seven".to_string()),
        MessagePayload::Empty,
    ];
    for (i, payload) in payloads.into_iter().enumerate() {
        let message = ComponentMessage {
            sender: id("client"),
            payload,
            correlation_id: Some(format!("m{i}")),
            sent_at: Timestamp {
                seconds: 1_700_000_000 + i as u64,
                nanoseconds: 0,
            },
        };
        let reply = lifecycle.call_handle_message(&mut store, &message)?;
        println!("reply m{i} -> {reply:?}");
    }

    lifecycle.call_shutdown(&mut store)?;
    let health = lifecycle.call_health(&mut store)?;
    println!("health -> {health:?}");

    for (key, value) in &store.data().store {
        println!("store {key} = {}", String::from_utf8_lossy(value));
    }
    Ok(())
}
