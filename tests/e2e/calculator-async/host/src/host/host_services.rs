// E2E fixture (tests/e2e/calculator-async, the async twin of tests/e2e/calculator): host-services, printing every log record.

use crate::bindings::airssys::core::host_services::{Capabilities, Host, LogLevel, Timestamp};
use crate::state::HostState;

impl Host for HostState {
    /// Writes a log record, with optional key/value context.
    async fn log(&mut self, level: LogLevel, message: String, context: Option<Vec<(String, String)>>) {
        let context: Vec<String> = context
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!("[host] log {level:?}: {message} [{}]", context.join(" "));
    }

    /// Wall-clock time.
    async fn current_time(&mut self) -> Timestamp {
        Timestamp {
            seconds: 1_700_000_000,
            nanoseconds: 0,
        }
    }

    /// `len` bytes from the host's random source.
    async fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        vec![4; len as usize]
    }

    /// A value from the component's configuration, if set.
    async fn config_value(&mut self, key: String) -> Option<String> {
        println!("[host] config-value {key}");
        None
    }

    /// What the runtime allows the calling component.
    async fn granted_capabilities(&mut self) -> Capabilities {
        Capabilities::STORAGE
    }
}
