//! `host-bindgen-in-guest`.

use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;
use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "host-bindgen-in-guest",
    default_level: RuleLevel::Error,
    summary: "`wasmtime::component::bindgen!` (host bindings) in a guest crate",
    docs: r#"### What it does
Finds `wasmtime::component::bindgen!` in a guest crate: a `cdylib` that depends on
`wit-bindgen`, or a package with `[package.metadata.component]`. The macro is found through
`use` aliases (`use wasmtime::component::*;`), renamed dependencies and nested modules. Files
under `tests/`, `benches/` and `examples/` are not checked (a guest may test itself with a
wasmtime host there), nor is a crate that depends on both `wasmtime` and `wit-bindgen` with
one of them optional or target-specific (`host` and `guest` features, each gating its own
macro): the build picks its side.

### Why is this bad
`bindgen!` generates the *host* side of a world: `Host` traits for imports, `call_*` methods
for exports and `add_to_linker`. A component compiled to wasm cannot embed wasmtime, and the
generated code never exports anything, so the component does not implement its world. The
guest side is `wit_bindgen::generate!` plus `export!`.

### Example
```rust
// in a cdylib with `wit-bindgen = "0.63"` in [dependencies]
wasmtime::component::bindgen!("plugin");
```

### Use instead
```rust
wit_bindgen::generate!("plugin");

struct Component;
impl Guest for Component { /* ... */ }
export!(Component);
```
"#,
};

pub struct HostBindgenInGuest;

impl Rule for HostBindgenInGuest {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        super::wrong_side_bindings(
            cx,
            sink,
            &super::WrongSide {
                role: Role::Guest,
                kind: MacroKind::Host,
                generates: "host",
                canonical: "wasmtime::component::bindgen",
                help: "use `wit_bindgen::generate!` in a guest: imports become functions to \
                       call, exports become `Guest` traits, and `export!` exports them",
            },
        );
    }
}
