// E2E fixture (tests/e2e/cm-async): `clock.now`, a Component Model `async func` import: it
// yields to the executor, then counts the call in `HostState` through its `Accessor`.

use wasmtime::component::{Accessor, HasSelf};

use crate::bindings::acme::cm_async::clock::{Host, HostWithStore};
use crate::state::HostState;

impl Host for HostState {}

impl HostWithStore<HostState> for HasSelf<HostState> {
    async fn now(accessor: &Accessor<HostState, Self>) -> u64 {
        // A real suspension point: the guest's task waits while the host is away.
        tokio::task::yield_now().await;
        let calls = accessor.with(|mut access| {
            let state = access.get();
            state.clock_calls += 1;
            state.clock_calls
        });
        println!("[host] clock.now #{calls}");
        1_700_000_000 + calls
    }
}
