//! `guest-bindgen-in-host`.

use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;
use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "guest-bindgen-in-host",
    default_level: RuleLevel::Error,
    summary: "`wit_bindgen::generate!` (guest bindings) in a host crate",
    docs: r#"### What it does
Finds `wit_bindgen::generate!` in a host crate: a package that depends on `wasmtime` and is
not a guest (a `cdylib` with `wit-bindgen`, or a package with `[package.metadata.component]`).
The macro is found through `use` aliases, globs, renamed dependencies and nested modules.
Files under `tests/`, `benches/` and `examples/` are not checked, nor is a crate that
depends on both `wasmtime` and `wit-bindgen` with one of them optional or target-specific
(`host` and `guest` features, each gating its own macro): the build picks its side.

### Why is this bad
`wit_bindgen::generate!` generates the *guest* side of a world: imports become functions that
call into the host and exports become `Guest` traits. In a host those functions are extern
imports that never resolve, and nothing in wasmtime can use the traits. The host side is
`wasmtime::component::bindgen!`: imports become `Host` traits the host implements and exports
become typed `call_*` methods.

### Example
```rust
// in a crate with `wasmtime = "48"` in [dependencies]
wit_bindgen::generate!({ world: "runtime-host", path: "wit" });
```

### Use instead
```rust
wasmtime::component::bindgen!({ world: "runtime-host", path: "wit" });
```
"#,
};

pub struct GuestBindgenInHost;

impl Rule for GuestBindgenInHost {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        super::wrong_side_bindings(
            cx,
            sink,
            &super::WrongSide {
                role: Role::Host,
                kind: MacroKind::Guest,
                generates: "guest",
                canonical: "wit_bindgen::generate",
                help: "use `wasmtime::component::bindgen!` to generate host bindings: imports \
                       become `Host` traits and exports become `call_*` methods",
            },
        );
    }
}
