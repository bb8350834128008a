//! `--trace`: bindgen!'s `tracing` option makes every host call an event with its arguments
//! and its result; this prints them (and WASI's, which wasmtime-wasi traces the same way) to
//! stderr. Lists are shown as `...` (bindgen!'s `verbose_tracing` prints them in full).

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub fn start() {
    let host_calls = Targets::new()
        .with_target(env!("CARGO_CRATE_NAME"), LevelFilter::TRACE)
        .with_target("wasmtime_wasi", LevelFilter::TRACE);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .without_time()
                .with_target(false),
        )
        .with(host_calls)
        .init();
}
