// E2E fixture (tests/e2e/resources): the world's own imported function.

use crate::bindings::ResourcesImports;
use crate::state::HostState;

impl ResourcesImports for HostState {
    /// World-level import: the host prints the message.
    fn note(&mut self, message: String) {
        println!("[host] note: {message}");
    }
}
