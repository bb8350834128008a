// E2E fixture (tests/e2e/runner): the world's one host function, for the async host.

use crate::bindings::RunnerImports;
use crate::state::HostState;

impl RunnerImports for HostState {
    /// Prints the message; returns its length.
    async fn note(&mut self, message: String) -> u32 {
        println!("[host] note: {message}");
        message.len() as u32
    }
}
