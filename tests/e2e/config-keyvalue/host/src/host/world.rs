// E2E fixture (tests/e2e/config-keyvalue): the world's own `log`.

use crate::bindings::SettingsImports;
use crate::state::HostState;

impl SettingsImports for HostState {
    fn log(&mut self, message: String) {
        println!("[host] log {message}");
    }
}
