// E2E fixture (tests/e2e/calculator-async, as in tests/e2e/calculator): the generated `HostState` plus the store the storage
// host functions keep.

//! The store's data: what every host function gets as `&mut self`.

use std::collections::BTreeMap;

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
    /// The component's key/value store (`airssys:core/storage`).
    pub store: BTreeMap<String, Vec<u8>>,
}

impl Default for HostState {
    fn default() -> Self {
        HostState {
            table: ResourceTable::new(),
            wasi: WasiCtx::builder().inherit_stdio().build(),
            limits: Box::new(wasmtime::StoreLimits::default()),
            store: BTreeMap::new(),
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
