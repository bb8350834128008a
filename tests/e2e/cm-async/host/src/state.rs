// E2E fixture (tests/e2e/cm-async): the generated `HostState` plus a counter the async
// `clock.now` keeps, reached through its `Accessor`.

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

pub struct HostState {
    pub table: ResourceTable,
    pub wasi: WasiCtx,
    /// Limits on memory, tables and instances: the runner's (`src/guard.rs`, from its
    /// command line), or wasmtime's defaults.
    pub limits: Box<dyn ResourceLimiter + Send>,
    /// Calls of `clock.now` so far.
    pub clock_calls: u64,
}

impl Default for HostState {
    fn default() -> Self {
        HostState {
            table: ResourceTable::new(),
            wasi: WasiCtx::builder().inherit_stdio().build(),
            limits: Box::new(wasmtime::StoreLimits::default()),
            clock_calls: 0,
        }
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}
