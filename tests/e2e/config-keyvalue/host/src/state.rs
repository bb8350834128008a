// E2E fixture (tests/e2e/config-keyvalue): the generated `HostState`, with the config values
// and bucket contents the guest reads.

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

pub struct HostState {
    pub table: ResourceTable,
    pub wasi: WasiCtx,
    /// Limits on memory, tables and instances: the runner's (`src/guard.rs`, from its
    /// command line), or wasmtime's defaults.
    pub limits: Box<dyn ResourceLimiter + Send>,
    pub config: wasmtime_wasi_config::WasiConfigVariables,
    pub keyvalue: wasmtime_wasi_keyvalue::WasiKeyValueCtx,
}

impl Default for HostState {
    fn default() -> Self {
        let mut config = wasmtime_wasi_config::WasiConfigVariables::new();
        config.insert("greeting", "Hello");
        HostState {
            table: ResourceTable::new(),
            wasi: WasiCtx::builder().inherit_stdio().build(),
            limits: Box::new(wasmtime::StoreLimits::default()),
            config,
            keyvalue: wasmtime_wasi_keyvalue::WasiKeyValueCtx::builder()
                .in_memory_data([("name", "Ada"), ("visits", "41")])
                .build(),
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
