//! Mentions that are not invocations: `wit_bindgen::generate!("runtime")`.
//!
//! ```
//! wit_bindgen::generate!("runtime");
//! ```

use other_macros::generate;

// wit_bindgen::generate!("runtime");
/* wit_bindgen::generate!("runtime"); */

macro_rules! bindgen {
    ($($t:tt)*) => {};
}

fn main() {
    let _s = "wit_bindgen::generate!(\"runtime\")";
    generate!("unrelated");
    bindgen!("unrelated");
    other_macros::bindgen!("unrelated");
    wasmtime::component::bindgen!("runtime");
    uses_wit_bindgen();
}

mod inner {
    // A `use` in the parent module does not reach here: this is some other `generate`.
    fn f() {
        generate!();
    }
}

// airssys-lint: allow(guest-bindgen-in-host)
#[allow(dead_code)]
fn uses_wit_bindgen() {
    wit_bindgen::generate!("runtime");
}

fn same_line() {
    wit_bindgen::generate!("runtime"); // airssys-lint: allow(guest-bindgen-in-host)
}
