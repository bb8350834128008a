//! What keeps a guest from taking the host down: limits on memory, tables and instances, a
//! wall-clock deadline per export call (epoch interruption), optional fuel, and WASI that
//! grants only what the command line asks for. A limit that is hit becomes one error naming
//! it and the flag that raises it.

use std::time::Duration;

use wasmtime::error::Context;
use wasmtime::{AsContextMut, Config, Engine, ResourceLimiter, Store, Trap};
use wasmtime_wasi::{FsPerms, WasiCtx};

use crate::cli::Options;
use crate::state::HostState;

/// How often the deadline clock ticks: the deadline's resolution.
const TICK: Duration = Duration::from_millis(10);

/// Engine settings the limits need: epoch interruption for the deadline, fuel metering.
pub fn configure(config: &mut Config, options: &Options) {
    config.epoch_interruption(options.deadline.is_some());
    config.consume_fuel(options.fuel.is_some());
}

/// Starts the deadline clock: a thread advancing the engine's epoch every [`TICK`].
pub fn start_clock(engine: &Engine, options: &Options) {
    if options.deadline.is_some() {
        let engine = engine.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(TICK);
                engine.increment_epoch();
            }
        });
    }
}

/// A store for one instance: WASI as the command line grants it, the limits on, the deadline
/// and fuel armed.
pub fn store(engine: &Engine, options: &Options) -> wasmtime::Result<Store<HostState>> {
    let state = HostState {
        wasi: wasi(options)?,
        limits: Box::new(Limits::new(options)),
        ..HostState::default()
    };
    let mut store = Store::new(engine, state);
    store.limiter(|state| state.limits.as_mut());
    arm(&mut store, options)?;
    Ok(store)
}

/// Resets the deadline and the fuel: call before each export call (and instantiation).
pub fn arm(mut store: impl AsContextMut, options: &Options) -> wasmtime::Result<()> {
    let mut store = store.as_context_mut();
    if let Some(deadline) = options.deadline {
        store.set_epoch_deadline((deadline.as_millis() / TICK.as_millis()).max(1) as u64);
    }
    if let Some(fuel) = options.fuel {
        store.set_fuel(fuel)?;
    }
    Ok(())
}

/// The WASI context the command line grants: stdio, then only the directories and
/// environment asked for. The guest's arguments are the component's file name alone.
pub fn wasi(options: &Options) -> wasmtime::Result<WasiCtx> {
    let mut wasi = WasiCtx::builder();
    wasi.inherit_stdio();
    let name = options.component.file_name().unwrap_or_default();
    wasi.arg(name.to_string_lossy());
    for (host, guest) in &options.dirs {
        wasi.preopened_dir(host, guest, FsPerms::ReadWrite)
            .with_context(|| format!("--dir `{}`", host.display()))?;
    }
    if options.inherit_env {
        wasi.inherit_env();
    }
    for (key, value) in &options.env {
        wasi.env(key, value);
    }
    Ok(wasi.build())
}

/// The store's resource limiter: refuses growth past the limits with an error that names
/// the limit (the guest traps with it; wasmtime's own `StoreLimits` would make `memory.grow`
/// return -1, which a Rust guest turns into an anonymous abort).
pub struct Limits {
    memory: usize,
    table_elements: usize,
    instances: usize,
}

impl Limits {
    pub fn new(options: &Options) -> Self {
        Limits {
            memory: options.max_memory,
            table_elements: options.max_table_elements,
            instances: options.max_instances,
        }
    }
}

impl ResourceLimiter for Limits {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory {
            return Err(LimitHit(format!(
                "memory limit of {} reached (growing a memory to {}; raise it with --max-memory)",
                bytes(self.memory),
                bytes(desired)
            ))
            .into());
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.table_elements {
            return Err(LimitHit(format!(
                "table limit of {} elements reached (growing a table to {desired}; raise it \
                 with --max-table-elements)",
                self.table_elements
            ))
            .into());
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        self.instances
    }

    fn tables(&self) -> usize {
        self.instances.saturating_mul(10)
    }

    fn memories(&self) -> usize {
        self.instances.saturating_mul(10)
    }
}

/// A limit refused growth.
#[derive(Debug)]
struct LimitHit(String);

impl std::fmt::Display for LimitHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LimitHit {}

/// `what` (e.g. "calling `greet`") failed: when a limit stopped it, say which, in one line.
pub fn explain(error: wasmtime::Error, what: &str, options: &Options) -> wasmtime::Error {
    if let Some(hit) = error.downcast_ref::<LimitHit>() {
        return wasmtime::format_err!("{what}: {hit}");
    }
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => {
            let deadline = options.deadline.unwrap_or_default();
            return wasmtime::format_err!(
                "{what}: deadline of {deadline:?} passed (raise it with --deadline, 0 for none)"
            );
        }
        Some(Trap::OutOfFuel) => {
            let fuel = options.fuel.unwrap_or_default();
            return wasmtime::format_err!("{what}: out of fuel ({fuel}; raise it with --fuel)");
        }
        _ => {}
    }
    let text = format!("{error:#}");
    if text.contains("resource limit exceeded: instance count") {
        return wasmtime::format_err!(
            "{what}: instance limit of {} reached (raise it with --max-instances)",
            options.max_instances
        );
    }
    error.context(what.to_string())
}

/// Bytes as the flags write them: `256MiB`, `300.5MiB`.
fn bytes(n: usize) -> String {
    const MIB: usize = 1 << 20;
    match n {
        n if n % (1 << 30) == 0 && n > 0 => format!("{}GiB", n >> 30),
        n if n >= MIB => {
            let mib = n as f64 / MIB as f64;
            if n % MIB == 0 {
                format!("{mib}MiB")
            } else {
                format!("{mib:.1}MiB")
            }
        }
        n if n % 1024 == 0 && n > 0 => format!("{}KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}
