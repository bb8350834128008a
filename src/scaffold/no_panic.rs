//! Running an upstream generator (wasmtime's or wit-bindgen's) so that its panics become
//! errors: the upstream macro panics on some worlds too ("handle types do not require
//! definition"), and the tool must say which world and why, not die with a backtrace.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while a generator runs on this thread: its panic is reported as an error.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it becomes `Err(message)` and prints nothing. Panics elsewhere
/// (our own bugs) still print as usual.
pub fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catching(|| 3), Ok(3));
        let e = catching(|| -> u8 { panic!("handle types do not require definition") });
        assert_eq!(e, Err("handle types do not require definition".to_string()));
        let e = catching(|| -> u8 { panic!("{} {}", "formatted", 1) });
        assert_eq!(e, Err("formatted 1".to_string()));
    }
}
