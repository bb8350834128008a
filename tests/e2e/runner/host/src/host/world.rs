// E2E fixture (tests/e2e/runner): the world's one host function.

use crate::bindings::RunnerImports;
use crate::state::HostState;

impl RunnerImports for HostState {
    /// Prints the message; returns its length.
    fn note(&mut self, message: String) -> u32 {
        println!("[host] note: {message}");
        message.len() as u32
    }
}
