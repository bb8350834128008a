// E2E fixture (tests/e2e/resources): the generated `HostState` plus a count of the counters
// the host created.

//! The store's data: what every host function gets as `&mut self`.

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// Host state for one component instance.
pub struct HostState {
    /// Resource values handed to the guest (`Resource<T>` handles index into it).
    pub table: ResourceTable,
    /// WASI: components built for wasm32-wasip2 import it through std.
    pub wasi: WasiCtx,
    /// Limits on memory, tables and instances: the runner's (`src/guard.rs`, from its
    /// command line), or wasmtime's defaults.
    pub limits: Box<dyn ResourceLimiter + Send>,
    /// Counters created so far (`host-counter.created`).
    pub created: u32,
}

impl Default for HostState {
    fn default() -> Self {
        HostState {
            table: ResourceTable::new(),
            wasi: WasiCtx::builder().inherit_stdio().build(),
            limits: Box::new(wasmtime::StoreLimits::default()),
            created: 0,
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
