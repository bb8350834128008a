// E2E fixture (tests/e2e/new-run): the world's one host function.

use crate::bindings::HelloImports;
use crate::state::HostState;

impl HelloImports for HostState {
    /// The host's log: the guest notes each greeting.
    fn note(&mut self, message: String) {
        println!("[host] note: {message}");
    }
}
