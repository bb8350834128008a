// E2E fixture (tests/e2e/cm-async): the world's own imports, one async (`pause`), one plain.

use wasmtime::component::{Accessor, HasSelf};

use crate::bindings::{GreeterWorldImports, GreeterWorldImportsWithStore};
use crate::state::HostState;

impl GreeterWorldImportsWithStore<HostState> for HasSelf<HostState> {
    async fn pause(accessor: &Accessor<HostState, Self>, ms: u32) {
        let _ = accessor;
        tokio::task::yield_now().await;
        println!("[host] pause {ms}");
    }
}

impl GreeterWorldImports for HostState {
    async fn log(&mut self, message: String) {
        println!("[host] log {message}");
    }
}
