// Pumpkin's shape: the plugin WIT lives in a git submodule, absent from a clone made
// without `--recursive`.
wasmtime::component::bindgen!({ world: "plugin", path: "../plugin-wit/v0.1" });

// Beside the submodule, not in it: an error.
mod typo {
    wasmtime::component::bindgen!({ world: "plugin", path: "../plugin-wit-v0.1" });
}

fn main() {}
